import { invalidParameter } from './errors';

/** SNS's page size for ListTopics, ListSubscriptions and ListSubscriptionsByTopic. */
export const PAGE_SIZE = 100;

/** One page of `items` after the NextToken's position, and the token of the page after it. */
export function page<T>(items: T[], nextToken: string | undefined): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = Number(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw invalidParameter('Invalid parameter: NextToken');
    start = decoded;
  }
  const end = start + PAGE_SIZE;
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}
