import { startLocalAws, type LocalAws } from '../../src/local';
import { zipFiles } from '../../src/local/lambda/code';

/** Malformed requests as raw HTTP: each gets AWS's REST-JSON error (header + body), never a crash or a hang. */
describe('local Lambda: malformed requests over raw HTTP', () => {
  let local: LocalAws;

  beforeAll(async () => {
    local = await startLocalAws({ port: 0, region: 'us-east-1' });
  });
  afterAll(() => local.close());

  async function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) {
    const res = await fetch(`${local.endpoint}${path}`, { method, body, headers: { 'content-type': 'application/json', ...headers } });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: text ? (JSON.parse(text) as Record<string, string>) : undefined };
  }

  const create = (fields: Record<string, unknown>) =>
    call('POST', '/2015-03-31/functions', JSON.stringify({ FunctionName: 'raw', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zipFiles({ 'index.js': '' }).toString('base64') }, ...fields }));

  it('answers a body that is not JSON with InvalidRequestContentException', async () => {
    const res = await call('POST', '/2015-03-31/functions', '{"FunctionName": ');
    expect([res.status, res.type, res.body?.Type]).toEqual([400, 'InvalidRequestContentException', 'User']);
    expect(res.body?.message).toMatch(/^Could not parse request body into json/);
  });

  it('answers wrong member types, bad zips and bad runtimes with AWS\'s errors', async () => {
    expect(await create({ Timeout: 'soon' })).toMatchObject({ status: 400, type: 'InvalidRequestContentException' });
    expect(await create({ Code: { ZipFile: '%%%' } })).toMatchObject({ status: 400, type: 'InvalidRequestContentException' });
    expect(await create({ Code: { ZipFile: Buffer.from('not a zip').toString('base64') } })).toEqual({
      status: 400,
      type: 'InvalidParameterValueException',
      body: { Type: 'User', message: 'Could not unzip uploaded file. Please check your file, then try to upload again.' },
    });
    expect((await create({ Runtime: 'nodejs14.x' })).body?.message).toMatch(/^The runtime parameter of nodejs14.x is no longer supported/);
    expect(await create({ MemorySize: 64 })).toMatchObject({ status: 400, type: 'ValidationException' });
  });

  it('answers unknown functions with ResourceNotFoundException in its model spelling (Message)', async () => {
    const res = await call('GET', '/2015-03-31/functions/ghost/configuration');
    expect(res).toEqual({ status: 404, type: 'ResourceNotFoundException', body: { Type: 'User', Message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost' } });
    expect((await call('GET', '/2015-03-31/functions/bad%20name')).type).toBe('ValidationException');
  });

  it('answers bad headers and unimplemented routes without failing', async () => {
    await create({ FunctionName: 'headers' });
    const badType = await call('POST', '/2015-03-31/functions/headers/invocations', '{}', { 'x-amz-invocation-type': 'Later' });
    expect([badType.status, badType.type]).toEqual([400, 'ValidationException']);
    const badContext = await call('POST', '/2015-03-31/functions/headers/invocations', '{}', { 'x-amz-client-context': 'bm90IGpzb24=' });
    expect([badContext.status, badContext.type]).toEqual([400, 'InvalidParameterValueException']);
    const versions = await call('GET', '/2015-03-31/functions/headers/versions');
    expect([versions.status, versions.type]).toEqual([404, 'UnknownOperationException']);
    const marker = await call('GET', '/2015-03-31/functions/?Marker=garbage');
    expect([marker.status, marker.type]).toEqual([400, 'InvalidParameterValueException']);
    const maxItems = await call('GET', '/2015-03-31/functions/?MaxItems=0');
    expect([maxItems.status, maxItems.type]).toEqual([400, 'ValidationException']);
  });

  it('refuses a CreateFunction body over AWS\'s request limit with 413', async () => {
    const res = await call('POST', '/2015-03-31/functions', Buffer.alloc(69_905_068, 0x20));
    expect(res).toMatchObject({ status: 413, type: 'RequestEntityTooLargeException', body: { message: 'Request must be smaller than 69905067 bytes for the CreateFunction operation' } });
  });
});
