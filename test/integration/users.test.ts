import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const USER = 'userId email name age createdAt updatedAt version';
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER} } }`;
const GET = `query($id: ID!) { user(userId: $id) { ${USER} } }`;

describe('users over HTTP', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('creates a user with the id given and reads it back by id and by email', async () => {
    const { createUser } = await gqlData(app, CREATE, { input: { userId: 'ann_01', email: 'Ann@Example.com', name: 'Ann', age: 31 } });
    expect(createUser).toMatchObject({ userId: 'ann_01', email: 'ann@example.com', name: 'Ann', age: 31, version: 1 });
    expect(createUser.createdAt).toBe(createUser.updatedAt);
    expect((await gqlData(app, GET, { id: 'ann_01' })).user).toEqual(createUser);
    const byEmail = await gqlData(app, `query { userByEmail(email: "ANN@example.com") { userId } }`);
    expect(byEmail.userByEmail).toEqual({ userId: 'ann_01' });
    expect((await gqlData(app, `query { userByEmail(email: "nobody@example.com") { userId } }`)).userByEmail).toBeNull();
    expect((await gqlData(app, GET, { id: 'missing' })).user).toBeNull();
  });

  it('generates an id when none is given', async () => {
    const { createUser } = await gqlData(app, CREATE, { input: { email: 'gen@example.com', name: 'Gen' } });
    expect(createUser.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(createUser.age).toBeNull();
  });

  it.each([
    [{ userId: 'ab', email: 'a@b.co', name: 'A' }, 'userId'],
    [{ userId: 'has space', email: 'a@b.co', name: 'A' }, 'userId'],
    [{ email: 'not-an-email', name: 'A' }, 'email'],
    [{ email: 'a@b.co', name: '   ' }, 'name'],
    [{ email: 'a@b.co', name: 'A', age: 151 }, 'age'],
    [{ email: 'a@b.co', name: 'A', age: -1 }, 'age'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (input, field) => {
    const res = await gql(app, CREATE, { input });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('answers CONFLICT for an existing id and leaves the stored user as it was', async () => {
    await gqlData(app, CREATE, { input: { userId: 'bob_01', email: 'bob@example.com', name: 'Bob' } });
    const res = await gql(app, CREATE, { input: { userId: 'bob_01', email: 'other@example.com', name: 'Impostor' } });
    expect(codesOf(res)).toEqual(['CONFLICT']);
    expect((await gqlData(app, GET, { id: 'bob_01' })).user).toMatchObject({ name: 'Bob', email: 'bob@example.com', version: 1 });
    // the refused user's email was not claimed
    await gqlData(app, CREATE, { input: { userId: 'other_01', email: 'other@example.com', name: 'Other' } });
  });

  it('answers CONFLICT for a taken email, whatever its case, and creates nothing', async () => {
    await gqlData(app, CREATE, { input: { userId: 'cat_01', email: 'cat@example.com', name: 'Cat' } });
    const res = await gql(app, CREATE, { input: { userId: 'cat_02', email: 'CAT@example.com', name: 'Cat two' } });
    expect(codesOf(res)).toEqual(['CONFLICT']);
    expect((await gqlData(app, GET, { id: 'cat_02' })).user).toBeNull();
  });

  it('lets only one of many concurrent creates with one email succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => gql(app, CREATE, { input: { userId: `race_${i}`, email: 'race@example.com', name: `R${i}` } })),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.flatMap(codesOf).sort()).toEqual(Array(5).fill('CONFLICT'));
  });

  it('reads many users by id in the order asked, null where missing', async () => {
    await gqlData(app, CREATE, { input: { userId: 'dan_01', email: 'dan@example.com', name: 'Dan' } });
    const { usersById } = await gqlData(app, `query { usersById(userIds: ["dan_01", "nope", "ann_01", "dan_01", ""]) { userId } }`);
    expect(usersById).toEqual([{ userId: 'dan_01' }, null, { userId: 'ann_01' }, { userId: 'dan_01' }, null]);
  });

  it('deletes a user, returns it, and frees its email', async () => {
    await gqlData(app, CREATE, { input: { userId: 'eve_01', email: 'eve@example.com', name: 'Eve', age: 40 } });
    const { deleteUser } = await gqlData(app, `mutation { deleteUser(userId: "eve_01") { ${USER} } }`);
    expect(deleteUser).toMatchObject({ userId: 'eve_01', email: 'eve@example.com', age: 40 });
    expect((await gqlData(app, GET, { id: 'eve_01' })).user).toBeNull();
    const again = await gql(app, `mutation { deleteUser(userId: "eve_01") { userId } }`);
    expect(codesOf(again)).toEqual(['NOT_FOUND']);
    const reuse = await gqlData(app, CREATE, { input: { userId: 'eve_02', email: 'eve@example.com', name: 'Eve 2' } });
    expect(reuse.createUser.email).toBe('eve@example.com');
  });
});
