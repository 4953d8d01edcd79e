import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { TablesDataSource } from '../../src/datasources/tables.datasource';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors';
import { CursorCodec } from '../../src/lib/cursor';
import { backendNames, startBackend, type Backend } from '../helpers/backends';

/**
 * What the API promises about tables, checked on the embedded local AWS (dynalite) and on moto.
 * Where they depart from AWS, the API follows AWS's documentation itself:
 * - moto stores numbers as sent ("1.50", "1E+2", 39 digits); AWS normalises and refuses more than
 *   38 digits, so the API normalises and checks before sending.
 * - moto answers a reversed BETWEEN key condition with no items; AWS refuses it (ValidationException).
 * - dynalite accepts ordering comparisons of booleans, lists and maps (price < true); AWS refuses them.
 * - dynalite reports ItemCount 0 always, moto counts live, AWS refreshes it about every six hours.
 * - dynalite checks key sizes (2048/1024 bytes) of an item's key (moto on writes only), not in Query key
 *   conditions as AWS does; the API checks those itself.
 */
describe.each(backendNames())('TablesDataSource on %s', (name) => {
  let backend: Backend;
  let tables: TablesDataSource;
  const fresh = () => new TablesDataSource({ dynamo: backend.clients.dynamo, cursors: new CursorCodec('conformance'), protectedTables: new Map([['users', 'createUser']]) });

  beforeAll(async () => {
    backend = await startBackend(name);
    tables = fresh();
    await tables.create({ name: 'UserOrders', partitionKey: 'user_id', sortKey: 'order_date' });
    await tables.create({ name: 'Things', partitionKey: 'id' });
  });
  afterAll(() => backend.stop());

  const rejection = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err);

  it('creates tables ACTIVE with their key schema, refuses a second create, lists and deletes', async () => {
    const created = await tables.create({ name: 'Readings', partitionKey: 'sensor', partitionKeyType: 'S', sortKey: 'at', sortKeyType: 'N' });
    expect(created).toMatchObject({ name: 'Readings', status: 'ACTIVE', partitionKey: { name: 'sensor', type: 'S' }, sortKey: { name: 'at', type: 'N' }, globalIndexes: [], itemCount: 0 });
    expect(created.arn).toMatch(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/Readings$/);
    expect(await rejection(fresh().create({ name: 'Readings', partitionKey: 'x' }))).toBeInstanceOf(ConflictError);
    expect((await fresh().list()).map((t) => t.name).sort()).toEqual(['Readings', 'Things', 'UserOrders']);
    expect(await tables.remove('Readings')).toBe(true);
    expect(await fresh().get('Readings')).toBeNull();
    expect(await rejection(fresh().remove('Readings'))).toBeInstanceOf(NotFoundError);
  });

  it('lists every table across ListTables pages (100 names per page)', async () => {
    const names = Array.from({ length: 105 }, (_, i) => `many-${String(i).padStart(3, '0')}`);
    await Promise.all(names.map((name) => backend.clients.dynamo.send(new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }))));
    const listed = (await fresh().list()).map((t) => t.name).filter((n) => n.startsWith('many-'));
    expect(listed.sort()).toEqual(names);
    await Promise.all(names.map((name) => tables.remove(name)));
  });

  it('stores numbers exactly and the same on every backend (canonical decimals)', async () => {
    const item = { id: 'n', a: 0.1, b: 0.30000000000000004, c: { $number: '12345678901234567890' }, d: { $number: '1.50' }, e: { $number: '1E+2' }, f: { $number: '-0' } };
    const expected = { id: 'n', a: 0.1, b: 0.30000000000000004, c: { $number: '12345678901234567890' }, d: 1.5, e: 100, f: 0 };
    expect(await tables.putItem('Things', item)).toEqual(expected);
    expect(await fresh().getItem('Things', { id: 'n' })).toEqual(expected);
  });

  it('round-trips binary and sets', async () => {
    const item = { id: 'typed', raw: { $binary: 'AAEC/w==' }, ss: { $stringSet: ['a'] }, ns: { $numberSet: ['12345678901234567890'] }, bs: { $binarySet: ['AQ=='] } };
    await tables.putItem('Things', item);
    expect(await fresh().getItem('Things', { id: 'typed' })).toEqual(item);
  });

  it('deletes an item returning it, then null', async () => {
    await tables.putItem('Things', { id: 'gone', v: 1 });
    expect(await tables.deleteItem('Things', { id: 'gone' })).toEqual({ id: 'gone', v: 1 });
    expect(await tables.deleteItem('Things', { id: 'gone' })).toBeNull();
    expect(await tables.getItem('Things', { id: 'gone' })).toBeNull();
  });

  it('is NOT_FOUND for items of a missing table and BAD_USER_INPUT for a mistyped key', async () => {
    expect(await rejection(fresh().getItem('Missing', { id: 'a' }))).toBeInstanceOf(NotFoundError);
    const bad = await rejection(tables.getItem('UserOrders', { user_id: 1, order_date: 'x' }));
    expect((bad as ValidationError).fields).toEqual([{ field: 'key.user_id', message: 'must be a non-empty string: key attribute user_id is of type S' }]);
  });

  it("maps DynamoDB's refusals of client values to BAD_USER_INPUT on the field", async () => {
    const big = await rejection(tables.putItem('Things', { id: 'big', blob: 'x'.repeat(410 * 1024) }));
    expect((big as ValidationError).fields).toEqual([{ field: 'item', message: expect.stringMatching(/size/i) }]);
    const long = await rejection(tables.putItem('Things', { id: 'x'.repeat(2049) }));
    expect((long as ValidationError).fields).toEqual([{ field: 'item', message: expect.stringMatching(/2048 bytes/) }]);
  });

  it('refuses a reversed BETWEEN range itself: AWS refuses it, moto would silently match nothing', async () => {
    const reversed = await rejection(tables.query({ table: 'UserOrders', partitionKey: 'u1', sortKey: { operator: 'BETWEEN', values: ['b', 'a'] } }));
    expect((reversed as ValidationError).fields).toEqual([{ field: 'sortKey.values', message: 'BETWEEN takes the lower bound first' }]);
  });

  it('batch-writes 60 items and queries them back with BETWEEN and pages', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ user_id: 'u1', order_date: `2024-01-${String(i + 1).padStart(2, '0')}`, amount: i }));
    expect(await tables.putItems('UserOrders', items)).toEqual({ written: 60, failed: [] });
    const between = await fresh().query({ table: 'UserOrders', partitionKey: 'u1', sortKey: { operator: 'BETWEEN', values: ['2024-01-10', '2024-01-19'] } });
    expect(between.items.map((i) => i.amount)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    const seen: unknown[] = [];
    let nextToken: string | null = null;
    do {
      const page: Awaited<ReturnType<TablesDataSource['query']>> = await fresh().query({ table: 'UserOrders', partitionKey: 'u1', limit: 25, nextToken });
      seen.push(...page.items.map((i) => i.amount));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(items.map((i) => i.amount));
  });

  it('scans with a filter in full pages, never ending early', async () => {
    await tables.putItems('Things', Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, group: i % 8 === 0 ? 'rare' : 'common', 'a.b': i })));
    const filter = [{ attribute: 'group', operator: 'EQ' as const, values: ['rare'] }];
    const first = await fresh().scan({ table: 'Things', filter, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.scannedCount).toBeGreaterThan(2);
    const rest = await fresh().scan({ table: 'Things', filter, limit: 10, nextToken: first.nextToken });
    expect([...first.items, ...rest.items].map((i) => i['a.b']).sort((a, b) => Number(a) - Number(b))).toEqual([0, 8, 16, 24, 32]);
    expect(rest.nextToken).toBeNull();
  });

  it('queries a global index', async () => {
    await backend.clients.dynamo.send(
      new CreateTableCommand({
        TableName: 'Indexed',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'status', AttributeType: 'S' }, { AttributeName: 'amount', AttributeType: 'N' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'amount', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    await tables.putItems('Indexed', [{ id: 'a', status: 'open', amount: 3 }, { id: 'b', status: 'open', amount: 1 }, { id: 'c', status: 'done', amount: 2 }, { id: 'd', status: 'open', amount: 2 }]);
    const first = await fresh().query({ table: 'Indexed', index: 'by-status', partitionKey: 'open', limit: 2 });
    const second = await fresh().query({ table: 'Indexed', index: 'by-status', partitionKey: 'open', limit: 2, nextToken: first.nextToken });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(['b', 'd', 'a']);
    expect(second.nextToken).toBeNull();
    expect((await fresh().get('Indexed'))?.globalIndexes).toEqual([{ name: 'by-status', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'amount', type: 'N' } }]);
  });
});
