/** Where a subscription's filter policy looks: the message attributes (AWS's default) or the JSON message body. */
export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** A message attribute as SNS hands it to filtering and puts it in the JSON envelope. */
export interface FilterAttribute {
  Type: string;
  Value: string;
}

/** A message attribute as the SDK's Publish takes it; accepted too so callers need not convert. */
export interface SdkFilterAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: unknown;
}

/** What a filter policy is matched against: attributes for MessageAttributes scope, the body for MessageBody scope. */
export interface FilterMessage {
  attributes?: Record<string, FilterAttribute | SdkFilterAttribute>;
  /** The published message: its text (parsed as JSON) or an already parsed value. */
  body?: unknown;
}

/** The JSON values a policy is compared with. */
export type Scalar = string | number | boolean | null;

/** One entry of a key's value list, compiled. */
export type Condition =
  | { kind: 'exact'; value: Scalar }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; pattern: RegExp }
  | { kind: 'numeric'; lower?: Bound; upper?: Bound; equals?: number }
  | { kind: 'exists'; value: boolean }
  | { kind: 'cidr'; network: IpNetwork }
  | { kind: 'anything-but'; not: Condition[] };

export interface Bound {
  value: number;
  inclusive: boolean;
}

/** A CIDR block as its first address and prefix length, in the address family's bit width. */
export interface IpNetwork {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

/** A compiled policy level: every member must hold (AND). */
export interface PolicyNode {
  members: PolicyMember[];
}

export type PolicyMember =
  | { kind: 'key'; name: string; conditions: Condition[] }
  | { kind: 'nested'; name: string; node: PolicyNode }
  | { kind: 'or'; branches: PolicyNode[] };

/** A validated filter policy, ready to match. */
export interface CompiledFilterPolicy {
  scope: FilterPolicyScope;
  root: PolicyNode;
}

/**
 * A policy SNS refuses. `message` is the whole text AWS puts in its InvalidParameter error
 * ("Invalid parameter: FilterPolicy: ..."); `reason` is the part after the prefix.
 */
export class FilterPolicyError extends Error {
  constructor(
    readonly reason: string,
    message = `Invalid parameter: FilterPolicy: ${reason}`,
  ) {
    super(message);
    this.name = 'FilterPolicyError';
  }
}
