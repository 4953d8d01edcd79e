import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { gqlData } from '../helpers/app';

/**
 * `npm start` stopped by SIGTERM (Ctrl-C, docker stop, systemd): the server closes gracefully
 * and exits 0, and the local AWS writes what changed just before to its data directory.
 */
describe('the server process on SIGTERM', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'aws-graphql-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('closes gracefully, exits 0 and keeps a message sent just before', async () => {
    const run = runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--local-aws-port', '0', '--data-dir', dataDir, '--no-seed']);
    try {
      const ready = await run.waitFor(/ready/);
      const url = String(ready.url);
      await gqlData({ url }, 'mutation { createQueue(input: { name: "kept" }) { name } }');
      await gqlData({ url }, 'mutation { sendMessage(input: { queue: "kept", body: "sent just before the stop" }) { messageId } }');
      run.child.kill('SIGTERM');
      const { code } = await run.exited;
      expect({ code, output: run.output() }).toEqual({ code: 0, output: expect.not.stringContaining('shutdown failed') });
      const state = readFileSync(path.join(dataDir, 'sqs', 'state.ndjson'), 'utf8');
      expect(state).toContain('"name":"kept"');
      expect(state).toContain('sent just before the stop');
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);
});
