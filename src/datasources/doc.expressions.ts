/** Expression builders for the document client (plain JS values); expressions.ts holds the AttributeValue ones of the generic tables. */
/** The parts of a DynamoDB request that carry an expression. */
export interface Expression {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * Collects attribute names and values as placeholders (`#n0`, `:v0`), so no attribute name
 * (`name` is a reserved word) and no value ever becomes expression text.
 */
export class Placeholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly byName = new Map<string, string>();

  name(attribute: string): string {
    let placeholder = this.byName.get(attribute);
    if (!placeholder) {
      placeholder = `#n${this.byName.size}`;
      this.byName.set(attribute, placeholder);
      this.names[placeholder] = attribute;
    }
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${Object.keys(this.values).length}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** The request fields, leaving out empty maps (DynamoDB refuses them). */
  params(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

export interface UpdateSpec {
  /** Attributes to set to a value. */
  set?: Record<string, unknown>;
  /** Attributes to remove. */
  remove?: string[];
  /** Attributes to add a number to (`version = version + 1`). */
  increment?: Record<string, number>;
}

/** An UpdateExpression (`SET #n0 = :v0, #n1 = #n1 + :v1 REMOVE #n2`) with its placeholders. */
export function buildUpdate(spec: UpdateSpec, p = new Placeholders()): Expression {
  const sets = Object.entries(spec.set ?? {}).map(([attr, value]) => `${p.name(attr)} = ${p.value(value)}`);
  const adds = Object.entries(spec.increment ?? {}).map(([attr, by]) => `${p.name(attr)} = ${p.name(attr)} + ${p.value(by)}`);
  const removes = (spec.remove ?? []).map((attr) => p.name(attr));
  const clauses = [...sets, ...adds].length ? [`SET ${[...sets, ...adds].join(', ')}`] : [];
  if (removes.length) clauses.push(`REMOVE ${removes.join(', ')}`);
  if (!clauses.length) throw new Error('An update needs at least one attribute to set, add or remove');
  return { expression: clauses.join(' '), names: p.names, values: p.values };
}

/** `attribute_exists(#pk)`, optionally `AND #version = :v` (optimistic locking). */
export function existsCondition(keyAttribute: string, version: number | undefined, p: Placeholders): string {
  const exists = `attribute_exists(${p.name(keyAttribute)})`;
  return version === undefined ? exists : `${exists} AND ${p.name('version')} = ${p.value(version)}`;
}
