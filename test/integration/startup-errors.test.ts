import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../src/config';
import { startTestApp } from '../helpers/app';

/**
 * What stops a start, said in one line that names the setting to change (main.ts prints a
 * ConfigError's message alone, without a stack): ports taken, an interface the machine does not
 * have, an AWS endpoint nobody answers on, no AWS credentials.
 */
describe('start-up failures', () => {
  let blocker: Server;
  let taken: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    taken = (blocker.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  async function failure(env: Record<string, string>): Promise<Error> {
    const err = await startTestApp(env).then(
      async (app) => {
        await app.close();
        return new Error('started');
      },
      (e: Error) => e,
    );
    return err;
  }

  it('names PORT when the API port is taken', async () => {
    const err = await failure({ PORT: String(taken) });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`PORT=${taken} is not usable: 127.0.0.1:${taken} is already in use; stop what uses it or choose another port (0 picks a free one)`);
  });

  it('names LOCAL_AWS_PORT when the local AWS port is taken', async () => {
    const err = await failure({ LOCAL_AWS_PORT: String(taken) });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`LOCAL_AWS_PORT=${taken} is not usable: 127.0.0.1:${taken} is already in use; stop what uses it or choose another port (0 picks a free one)`);
  });

  it('names HOST when the machine has no such interface', async () => {
    const err = await failure({ HOST: '203.0.113.7' });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('HOST=203.0.113.7 is not usable: this machine has no interface with that address');
  });

  it('names AWS_ENDPOINT_URL when nothing answers there', async () => {
    const endpoint = `http://127.0.0.1:${taken + 0}`;
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    try {
      const err = await failure({ MODE: 'AWS', AWS_ENDPOINT_URL: endpoint, AWS_MAX_ATTEMPTS: '1' });
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toBe(`AWS_ENDPOINT_URL=${endpoint} is not reachable (ECONNREFUSED); start it, or unset it (and MODE) to use the embedded local AWS`);
    } finally {
      await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    }
  });

  it('names FUNCTIONS_DIR when it is no directory, and CURSOR_SECRET when it is short (without showing it)', async () => {
    const missing = await failure({ FUNCTIONS_DIR: '/nonexistent' });
    expect(missing).toBeInstanceOf(ConfigError);
    expect(missing.message).toBe('FUNCTIONS_DIR=/nonexistent is not valid: expected an existing directory (its folders are deployed as Lambda functions in LOCAL mode)');
    const short = await failure({ CURSOR_SECRET: 'short' });
    expect(short.message).toBe('CURSOR_SECRET is not valid: expected at least 32 characters (it has 5), e.g. from openssl rand -base64 32');
  });

  it('names DATA_DIR when it is not a directory that can be written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aws-graphql-datadir-'));
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    try {
      const err = await failure({ DATA_DIR: file });
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toBe(`DATA_DIR=${file} is not usable: it is a file, not a directory`);
      const below = await failure({ DATA_DIR: path.join(file, 'data') });
      expect(below.message).toMatch(new RegExp(`^DATA_DIR=${file}/data is not usable: ENOTDIR: not a directory`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names DATA_DIR when another running server uses it, and leaves that server working', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aws-graphql-datadir-'));
    const first = await startTestApp({ DATA_DIR: dir });
    try {
      const err = await failure({ DATA_DIR: dir });
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toBe(`DATA_DIR=${dir} is in use by another running server (its DynamoDB store is locked); stop that one, or choose another data directory`);
      const res = await fetch(first.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { createTable(input: { name: "still-ok", partitionKey: "id" }) { status } }' }) });
      expect(await res.json()).toEqual({ data: { createTable: { status: 'ACTIVE' } } });
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to give credentials when AWS mode has none', async () => {
    const saved = { ...process.env };
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) delete process.env[key];
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_CONFIG_FILE: '/nonexistent/config', AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const err = await failure({ MODE: 'AWS', AWS_MAX_ATTEMPTS: '1' });
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toBe('MODE=AWS found no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or unset MODE to use the embedded local AWS');
    } finally {
      process.env = saved;
    }
  });
});
