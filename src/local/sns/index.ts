import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { readBody } from '../http';
import type { LocalContext, LocalService } from '../service';
import { Deliveries } from './delivery';
import { SnsError } from './errors';
import { FifoLedger } from './fifo';
import { Outbox } from './outbox';
import { publishOperations } from './publish';
import { QueryParams } from './query';
import type { Operation, SnsRuntime } from './runtime';
import { SIGNING_CERT_PATH, signingKeyPem } from './signer';
import { SnsState } from './state';
import { subscriptionOperations } from './subscriptions';
import { tagOperations } from './tags';
import { topicOperations } from './topics';
import { errorXml, responseXml, sendXml } from './xml';

/**
 * SNS over AWS's query protocol (form-encoded requests, XML responses), with deliveries to the
 * local SQS and Lambda in process, to HTTP(S) endpoints, and to an email outbox. State is kept
 * in `${dataDir}/sns/state.json` when there is a data directory.
 */
export class SnsService implements LocalService {
  readonly name = 'sns';
  private readonly state: SnsState;
  private readonly deliveries: Deliveries;
  private readonly runtime: SnsRuntime;
  private readonly operations: Record<string, Operation>;

  constructor(ctx: LocalContext) {
    const dir = ctx.dataDir ? path.join(ctx.dataDir, 'sns') : undefined;
    this.state = new SnsState(dir);
    const log = (fields: Record<string, unknown>, text: string) => ctx.logger?.warn(fields, text);
    const outbox = new Outbox(dir && path.join(dir, 'outbox'), (fields, text) => {
      if (ctx.logger) ctx.logger.info({ ...fields, email: text }, 'SNS email (no data directory, so not written to the outbox)');
      else process.stderr.write(`--- SNS email to ${fields.to} ---\n${text}\n`);
    });
    this.deliveries = new Deliveries(ctx, this.state, outbox, log);
    this.runtime = {
      region: ctx.region,
      accountId: ctx.accountId,
      state: this.state,
      endpoint: () => ctx.endpoint(),
      fanOut: (topic, message) => this.deliveries.fanOut(topic, message),
      requestConfirmation: (topic, sub) => this.deliveries.requestConfirmation(topic, sub),
      announceUnsubscribe: (sub) => this.deliveries.announceUnsubscribe(sub),
    };
    this.operations = { ...topicOperations, ...subscriptionOperations, ...publishOperations(new FifoLedger()), ...tagOperations };
  }

  async handle(req: IncomingMessage, res: ServerResponse, given?: Buffer): Promise<void> {
    const requestId = randomUUID();
    const body = given ?? (req.method === 'GET' ? undefined : await readBody(req, BODY_LIMIT));
    const url = req.url ?? '/';
    if (req.method === 'GET' && url.startsWith(SIGNING_CERT_PATH)) {
      const pem = signingKeyPem();
      res.writeHead(200, { 'Content-Type': 'application/x-pem-file', 'Content-Length': Buffer.byteLength(pem) });
      res.end(pem);
      return;
    }
    const params = QueryParams.parse(body?.length ? body.toString('utf8') : url.split('?')[1] ?? '');
    const action = params.get('Action') ?? '';
    try {
      const operation = Object.prototype.hasOwnProperty.call(this.operations, action) ? this.operations[action] : undefined;
      if (!operation) throw unknownAction(action);
      sendXml(res, 200, responseXml(action, operation(params, this.runtime), requestId), requestId);
    } catch (err) {
      const error = err instanceof SnsError ? err : new SnsError('InternalError', 'The local SNS failed to process the request', 500, 'Receiver');
      sendXml(res, error.status, errorXml(error, requestId), requestId);
    }
  }

  async close(): Promise<void> {
    this.deliveries.close();
    this.state.flush();
  }
}

/** Room for a 256 KB message form-encoded, with attributes; larger requests are refused by the dispatcher. */
const BODY_LIMIT = 10 * 1024 * 1024;

/** SNS actions AWS has that this local SNS does not emulate (SMS, mobile push, permissions, data protection). */
const NOT_EMULATED = new Set([
  'AddPermission',
  'RemovePermission',
  'CheckIfPhoneNumberIsOptedOut',
  'CreatePlatformApplication',
  'CreatePlatformEndpoint',
  'CreateSMSSandboxPhoneNumber',
  'DeleteEndpoint',
  'DeletePlatformApplication',
  'DeleteSMSSandboxPhoneNumber',
  'GetDataProtectionPolicy',
  'GetEndpointAttributes',
  'GetPlatformApplicationAttributes',
  'GetSMSAttributes',
  'GetSMSSandboxAccountStatus',
  'ListEndpointsByPlatformApplication',
  'ListOriginationNumbers',
  'ListPhoneNumbersOptedOut',
  'ListPlatformApplications',
  'ListSMSSandboxPhoneNumbers',
  'OptInPhoneNumber',
  'PutDataProtectionPolicy',
  'SetEndpointAttributes',
  'SetPlatformApplicationAttributes',
  'SetSMSAttributes',
  'VerifySMSSandboxPhoneNumber',
]);

function unknownAction(action: string): SnsError {
  if (!action) return new SnsError('MissingAction', 'Missing Action');
  if (NOT_EMULATED.has(action)) return new SnsError('InvalidAction', `The local SNS does not emulate ${action} (SMS, mobile push, permissions and data protection are AWS-only).`);
  return new SnsError('InvalidAction', `The action ${action} is not valid for this web service.`);
}
