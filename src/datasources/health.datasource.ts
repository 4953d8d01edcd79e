import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../aws/clients';
import type { Mode } from '../config';
import { isThrottling, isUnavailable, networkCode } from '../errors';
import type { Health, ServiceHealth } from '../types/health.type';

/** Probes each AWS service with its cheapest read call. */
export class HealthDataSource {
  constructor(private readonly deps: { clients: AwsClients; mode: Mode; region: string }) {}

  async check(): Promise<Health> {
    const { dynamo, sqs, sns, lambda } = this.deps.clients;
    const services = await Promise.all([
      probe('dynamodb', () => dynamo.send(new ListTablesCommand({ Limit: 1 }))),
      probe('sqs', () => sqs.send(new ListQueuesCommand({ MaxResults: 1 }))),
      probe('sns', () => sns.send(new ListTopicsCommand({}))),
      probe('lambda', () => lambda.send(new ListFunctionsCommand({ MaxItems: 1 }))),
    ]);
    return { ok: services.every((s) => s.ok), mode: this.deps.mode, region: this.deps.region, services };
  }
}

async function probe(name: string, call: () => Promise<unknown>): Promise<ServiceHealth> {
  const started = performance.now();
  try {
    await call();
    return { name, ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { name, ok: false, latencyMs: Math.round(performance.now() - started), message: problemOf(err) };
  }
}

/** What went wrong, in words an operator acts on, without endpoints or request ids. */
function problemOf(err: unknown): string {
  if (isThrottling(err)) return 'throttled';
  if (isUnavailable(err)) return `unreachable (${networkCode(err) ?? `HTTP ${(err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 'error'}`})`;
  return (err as Error)?.name || 'Error';
}
