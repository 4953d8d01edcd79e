import type { SnsAccount } from '../aws/sns-account';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, translateAwsError } from '../errors';
import { checkRegion, parseArn, topicArn } from '../lib/arn';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const NAME_RULE = 'must be a topic name (1-256 characters of A-Z a-z 0-9 _ -, plus .fifo for FIFO topics) or a topic ARN';

/** A topic's name and FIFO-ness, read off its ARN. */
export function topicOfArn(arn: string): { name: string; arn: string; fifo: boolean } {
  const name = parseArn(arn)?.resource ?? arn;
  return { name, arn, fifo: name.endsWith('.fifo') };
}

/** Turns the topic references clients give (a name or an ARN) into ARNs. */
export class TopicRefs {
  constructor(private readonly deps: { region: string; account: SnsAccount }) {}

  /** Throws BAD_USER_INPUT on `field` unless `ref` is a well-formed topic name or ARN. */
  check(ref: string, field: string): void {
    const arn = parseArn(ref);
    const name = arn ? (arn.service === 'sns' ? arn.resource : '') : ref;
    if (!TOPIC_NAME.test(name)) throw ValidationError.of(field, `${field} ${NAME_RULE}`);
    checkRegion(ref, field, this.deps.region, 'topic');
  }

  /**
   * The ARN of a topic given by name (in this region and account) or ARN; undefined when the
   * account owns no topic yet, so no topic by that name can exist.
   */
  async arnOf(ref: string, field = 'topic'): Promise<string | undefined> {
    this.check(ref, field);
    if (ref.startsWith('arn:')) return ref;
    const accountId = await this.deps.account.get();
    return accountId ? topicArn(this.deps.region, accountId, ref) : undefined;
  }

  /** Like arnOf, but a topic that can't exist is NOT_FOUND. */
  async requireArn(ref: string, field = 'topic'): Promise<string> {
    const arn = await this.arnOf(ref, field);
    if (!arn) throw topicNotFound(ref);
    return arn;
  }
}

export const topicNotFound = (ref: string) => new NotFoundError(`Topic ${ref} does not exist`);
export const subscriptionNotFound = (arn: string) => new NotFoundError(`Subscription ${arn} does not exist`);

/** SNS parameter names, as they appear in its error messages, and the API's field for each. */
const FIELDS: Record<string, string> = {
  Message: 'message',
  Subject: 'subject',
  MessageAttributes: 'attributes',
  MessageGroupId: 'groupId',
  MessageDeduplicationId: 'deduplicationId',
  Endpoint: 'endpoint',
  Protocol: 'protocol',
  FilterPolicy: 'filterPolicy',
  FilterPolicyScope: 'filterPolicyScope',
  RawMessageDelivery: 'rawMessageDelivery',
  NextToken: 'nextToken',
  Name: 'name',
  DisplayName: 'displayName',
};

const NAMES = new Set(['NotFound', 'NotFoundException', 'ResourceNotFoundException']);
const INVALID = new Set(['InvalidParameter', 'InvalidParameterException', 'InvalidParameterValue', 'InvalidParameterValueException', 'MissingParameter', 'ValidationError', 'InvalidBatchEntryId', 'InvalidBatchEntryIdException']);

/** The API field an SNS InvalidParameter message is about ("Invalid parameter: Subject ..."), else `fallback`. */
export function fieldOfMessage(message: string, fallback: string): string {
  const named = /parameter:?\s+([A-Za-z]+)/i.exec(message)?.[1];
  return (named && FIELDS[named]) ?? fallback;
}

/**
 * The one translation of SNS errors: a missing topic or subscription is NOT_FOUND naming what
 * the client asked for, refused parameters are BAD_USER_INPUT on the matching field, a resource
 * that exists with other settings is CONFLICT; throttling and outages go to translateAwsError.
 */
export function snsError(err: unknown, what: { notFound: () => Error; field: string; action: string }): unknown {
  const e = err as { name?: string; message?: string };
  const message = String(e?.message ?? '');
  if (NAMES.has(e?.name ?? '')) return what.notFound();
  if (e?.name === 'AuthorizationError' || e?.name === 'AuthorizationErrorException') return new ForbiddenError(`Not allowed to ${what.action}`, { cause: err });
  if (INVALID.has(e?.name ?? '')) {
    if (/already exists with different attributes/i.test(message)) return new ConflictError(`${message.replace(/^.*Reason:\s*/, '')}`, { cause: err });
    const reason = message.replace(/^Invalid parameter:\s*/i, '');
    return new ValidationError([{ field: fieldOfMessage(message, what.field), message: reason || `SNS refused ${what.field}` }]);
  }
  return translateAwsError(err, what.action);
}
