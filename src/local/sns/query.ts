import { missingMember } from './errors';

/**
 * The parameters of a query-protocol request (`Attributes.entry.1.key=...`), with views on
 * nested members so list, map and structure members read like the SDK's shapes.
 */
export class QueryParams {
  constructor(private readonly values: Map<string, string>) {}

  static parse(text: string): QueryParams {
    return new QueryParams(new Map(new URLSearchParams(text)));
  }

  /** The value of a member, or undefined when absent. */
  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** The value of a required member; AWS's ValidationError when absent. */
  required(name: string, path = name.charAt(0).toLowerCase() + name.slice(1)): string {
    const value = this.values.get(name);
    if (value === undefined) throw missingMember(path);
    return value;
  }

  /** Whether any parameter is named `name` or lies under it. */
  has(name: string): boolean {
    for (const key of this.values.keys()) if (key === name || key.startsWith(`${name}.`)) return true;
    return false;
  }

  /**
   * The members of a list (`Name.member.N`), in index order, each as a view of its own parameters.
   * One pass over the parameters: a view per member would read them all once per member.
   */
  structs(name: string, wrapper = 'member'): QueryParams[] {
    const prefix = `${name}.${wrapper}.`;
    const members = new Map<number, Map<string, string>>();
    for (const [key, value] of this.values) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf('.');
      const index = Number(dot === -1 ? rest : rest.slice(0, dot));
      if (!Number.isInteger(index) || index <= 0) continue;
      let member = members.get(index);
      if (!member) members.set(index, (member = new Map()));
      if (dot !== -1) member.set(rest.slice(dot + 1), value);
    }
    return [...members.keys()].sort((a, b) => a - b).map((index) => new QueryParams(members.get(index)!));
  }

  /** The members of a list of strings (`TagKeys.member.N`). */
  strings(name: string): string[] {
    const prefix = `${name}.member.`;
    return this.indexed(prefix).map((p) => this.values.get(p.slice(0, -1)) ?? '');
  }

  /** A map (`Attributes.entry.N.key` / `.value`) as an ordered record. */
  map(name: string, keyName = 'key', valueName = 'value'): Map<string, string> {
    const result = new Map<string, string>();
    for (const entry of this.structs(name, 'entry')) {
      const key = entry.get(keyName);
      if (key !== undefined) result.set(key, entry.get(valueName) ?? '');
    }
    return result;
  }

  /** The parameters under `prefix` (which ends with a dot), with the prefix removed. */
  view(prefix: string): QueryParams {
    const sub = new Map<string, string>();
    for (const [key, value] of this.values) if (key.startsWith(prefix)) sub.set(key.slice(prefix.length), value);
    return new QueryParams(sub);
  }

  private indexed(prefix: string): string[] {
    const indexes = new Set<number>();
    for (const key of this.values.keys()) {
      if (!key.startsWith(prefix)) continue;
      const index = Number(key.slice(prefix.length).split('.')[0]);
      if (Number.isInteger(index) && index > 0) indexes.add(index);
    }
    return [...indexes].sort((a, b) => a - b).map((i) => `${prefix}${i}.`);
  }
}
