import { ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import { parseArn } from '../lib/arn';

/**
 * The account id that topic names are resolved in (a name becomes arn:aws:sns:<region>:<account>:<name>).
 * STS GetCallerIdentity is not part of the local AWS, so the account is read from the ARNs SNS
 * itself returns: any topic ListTopics lists is the caller's own, and CreateTopic results are
 * remembered. The API's events topic always exists (created at start or verified), so the first
 * ListTopics page is never empty in practice; when it is, no topic can be found by name either.
 * One instance per process, shared by every request.
 */
export class SnsAccount {
  private known?: string;
  private lookup?: Promise<string | undefined>;

  constructor(private readonly sns: SNSClient) {}

  /** Remembers the account of a topic ARN this client was given by SNS. */
  learn(topicArn: string | undefined): void {
    const accountId = topicArn ? parseArn(topicArn)?.accountId : undefined;
    if (accountId) this.known ??= accountId;
  }

  /** The account id, or undefined while the caller owns no topic at all. */
  async get(): Promise<string | undefined> {
    if (this.known) return this.known;
    this.lookup ??= this.sns
      .send(new ListTopicsCommand({}))
      .then((page) => {
        for (const topic of page.Topics ?? []) this.learn(topic.TopicArn);
        return this.known;
      })
      .finally(() => {
        this.lookup = undefined;
      });
    return this.lookup;
  }
}
