import { Agent as HttpAgent, request as httpRequest, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** One POST SNS makes to an HTTP(S) endpoint. */
export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** How an attempt ended: delivered, worth retrying (5xx, 429, no answer), or refused for good (other 4xx). */
export type Outcome = 'delivered' | 'retry' | 'failed';

/** SNS waits this long for an endpoint to answer. */
const TIMEOUT_MS = 15_000;

/**
 * Sends POSTs in the background with retries, never holding up the caller; close() stops
 * waiting retries and aborts requests in flight.
 */
export class HttpDeliverer {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<ClientRequest>();
  private readonly agents = { http: new HttpAgent({ keepAlive: false }), https: new HttpsAgent({ keepAlive: false }) };
  private closed = false;

  /** Posts now, then after each of `delays` (ms) while the endpoint asks for a retry; `onGiveUp` when it never accepts. */
  send(post: HttpPost, delays: number[], onGiveUp: (last: string) => void): void {
    const attempt = (index: number): void => {
      if (this.closed) return;
      this.postOnce(post).then(({ outcome, detail }) => {
        if (outcome === 'delivered' || this.closed) return;
        const delay = delays[index];
        if (outcome === 'failed' || delay === undefined) {
          onGiveUp(detail);
          return;
        }
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          attempt(index + 1);
        }, delay);
        this.timers.add(timer);
      }, () => undefined);
    };
    attempt(0);
  }

  private postOnce(post: HttpPost): Promise<{ outcome: Outcome; detail: string }> {
    return new Promise((resolve) => {
      const url = new URL(post.url);
      const secure = url.protocol === 'https:';
      const body = Buffer.from(post.body);
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        agent: secure ? this.agents.https : this.agents.http,
        headers: { ...post.headers, 'Content-Length': String(body.length) },
        timeout: TIMEOUT_MS,
      });
      this.requests.add(req);
      const done = (outcome: Outcome, detail: string) => {
        this.requests.delete(req);
        resolve({ outcome, detail });
      };
      req.on('response', (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const outcome: Outcome = status >= 200 && status < 300 ? 'delivered' : status >= 500 || status === 429 ? 'retry' : 'failed';
        res.on('end', () => done(outcome, `HTTP ${status}`));
        res.on('error', () => done('retry', `HTTP ${status}, response broken`));
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (err) => done('retry', err.message));
      req.end(body);
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const req of this.requests) req.destroy();
    this.requests.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
