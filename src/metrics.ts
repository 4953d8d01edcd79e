import type { ApolloServerPlugin } from '@apollo/server';
import type { InitializeHandlerOptions, InitializeMiddleware, Pluggable } from '@smithy/types';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { awsOperationLabel, errorName, LabelCap, memoize, responseOutcome, serviceLabel } from './lib/metric-labels';

/** Distinct GraphQL operation names with a label of their own; clients choose the names, later ones are `other`. */
export const MAX_OPERATION_NAMES = 200;
/** Distinct error codes and AWS error names with a label of their own. */
const MAX_OUTCOMES = 50;
/** Seconds: a GraphQL operation or AWS call here takes about a millisecond; subscription long polls take up to 20 s. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The metrics of one API process, in a registry of its own (several apps in one test process don't collide). */
export interface Metrics {
  registry: Registry;
  /** Counts and times every GraphQL operation served over HTTP. */
  graphqlPlugin: ApolloServerPlugin;
  /** Counts and times every call of an AWS SDK client it is added to (`client.middlewareStack.use`). */
  awsPlugin: Pluggable<any, any>;
  /** Live GraphQL subscriptions (graphql-ws streams) of the process. */
  subscriptions: Gauge;
}

/** Builds the registry with Node's default metrics (prefixed `aws_graphql_`) and the API's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aws_graphql_' });
  const registers = [registry];
  const operations = new Counter({ name: 'graphql_operations_total', help: 'GraphQL operations served over HTTP, by type, name and outcome (ok or the first error code).', labelNames: ['operation_type', 'operation_name', 'outcome'] as const, registers });
  // By type only: each label set of a histogram is ~17 series, so client-chosen names (200 of them) made /metrics megabytes.
  const operationSeconds = new Histogram({ name: 'graphql_operation_duration_seconds', help: 'Time from receiving a GraphQL operation to sending its response, by operation type.', labelNames: ['operation_type'] as const, buckets: BUCKETS, registers });
  const requests = new Counter({ name: 'aws_requests_total', help: 'AWS SDK calls, retries included, by service, operation and outcome (ok or the error name).', labelNames: ['service', 'operation', 'outcome'] as const, registers });
  const requestSeconds = new Histogram({ name: 'aws_request_duration_seconds', help: 'Time of an AWS SDK call, retries included.', labelNames: ['service', 'operation'] as const, buckets: BUCKETS, registers });
  const subscriptions = new Gauge({ name: 'graphql_subscriptions_active', help: 'GraphQL subscriptions running over WebSocket.', registers });

  const names = new LabelCap(MAX_OPERATION_NAMES);
  const codes = new LabelCap(MAX_OUTCOMES);
  const graphqlPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const type = operation?.operation ?? 'unknown';
          const name = operationName ? names.label(operationName) : 'anonymous';
          const body = response.body;
          const outcome = responseOutcome(body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors);
          operations.labels(type, name, outcome === 'ok' ? outcome : codes.label(outcome)).inc();
          operationSeconds.labels(type).observe((performance.now() - started) / 1000);
        },
      };
    },
  };

  const service = memoize(serviceLabel);
  const command = memoize(awsOperationLabel);
  const errors = new LabelCap(MAX_OUTCOMES);
  const middleware: InitializeMiddleware<any, any> = (next, context) => async (args) => {
    const started = performance.now();
    const serviceName = service(context.clientName);
    const operation = command(context.commandName);
    try {
      const output = await next(args);
      requests.labels(serviceName, operation, 'ok').inc();
      return output;
    } catch (err) {
      requests.labels(serviceName, operation, errors.label(errorName(err))).inc();
      throw err;
    } finally {
      requestSeconds.labels(serviceName, operation).observe((performance.now() - started) / 1000);
    }
  };
  // Outermost step, so one SDK call is counted once however many attempts its retries make.
  const options: InitializeHandlerOptions = { step: 'initialize', name: 'awsGraphqlMetrics', override: true };
  const awsPlugin: Pluggable<any, any> = { applyToStack: (stack) => stack.add(middleware, options) };

  return { registry, graphqlPlugin, awsPlugin, subscriptions };
}
