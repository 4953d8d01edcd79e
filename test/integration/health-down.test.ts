import type { App } from '../../src/app';
import { gqlData, startTestApp } from '../helpers/app';

/** health when AWS can't be reached: every service not ok, saying why in words an operator acts on, and never the endpoint. */
describe('health with AWS unreachable', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp({ AWS_MAX_ATTEMPTS: '1' });
    await app.localAws?.close();
  });
  afterAll(() => app.close().catch(() => undefined));

  it('reports each service unreachable with the network error code', async () => {
    const { health } = await gqlData(app, '{ health { ok services { name ok message } } }');
    expect(health).toEqual({
      ok: false,
      services: ['dynamodb', 'sqs', 'sns', 'lambda'].map((name) => ({ name, ok: false, message: 'unreachable (ECONNREFUSED)' })),
    });
  });
});
