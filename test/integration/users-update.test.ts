import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const USER = 'userId email name age version updatedAt';
const UPDATE = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(userId: $id, input: $input) { ${USER} } }`;
const create = (app: App, userId: string, email: string, age?: number) =>
  gqlData(app, `mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER} } }`, { input: { userId, email, name: `Name ${userId}`, age } });

describe('updateUser over HTTP', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('changes only the fields given and increments the version', async () => {
    await create(app, 'up_1', 'up1@example.com', 20);
    const { updateUser } = await gqlData(app, UPDATE, { id: 'up_1', input: { name: 'New name' } });
    expect(updateUser).toMatchObject({ userId: 'up_1', email: 'up1@example.com', name: 'New name', age: 20, version: 2 });
    const second = await gqlData(app, UPDATE, { id: 'up_1', input: { age: 21 } });
    expect(second.updateUser).toMatchObject({ name: 'New name', age: 21, version: 3 });
  });

  it('removes the age on age: null and keeps it when age is absent', async () => {
    await create(app, 'up_2', 'up2@example.com', 50);
    const { updateUser } = await gqlData(app, `mutation { updateUser(userId: "up_2", input: { age: null }) { age version } }`);
    expect(updateUser).toEqual({ age: null, version: 2 });
    const kept = await gqlData(app, `mutation { updateUser(userId: "up_2", input: { name: "Kept" }) { age name } }`);
    expect(kept.updateUser).toEqual({ age: null, name: 'Kept' });
  });

  it('checks expectedVersion: PRECONDITION_FAILED on a mismatch, applied on a match', async () => {
    await create(app, 'up_3', 'up3@example.com');
    const stale = await gql(app, UPDATE, { id: 'up_3', input: { name: 'Late', expectedVersion: 5 } });
    expect(codesOf(stale)).toEqual(['PRECONDITION_FAILED']);
    const fresh = await gqlData(app, UPDATE, { id: 'up_3', input: { name: 'On time', expectedVersion: 1 } });
    expect(fresh.updateUser).toMatchObject({ name: 'On time', version: 2 });
  });

  it('answers NOT_FOUND for a missing user and creates nothing', async () => {
    const res = await gql(app, UPDATE, { id: 'ghost_1', input: { name: 'Ghost' } });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect((await gqlData(app, `query { user(userId: "ghost_1") { userId } }`)).user).toBeNull();
  });

  it('moves the email claim: the old email becomes free, the new one is found', async () => {
    await create(app, 'up_4', 'old4@example.com');
    const { updateUser } = await gqlData(app, UPDATE, { id: 'up_4', input: { email: 'New4@Example.com' } });
    expect(updateUser).toMatchObject({ email: 'new4@example.com', version: 2 });
    expect((await gqlData(app, `query { userByEmail(email: "new4@example.com") { userId } }`)).userByEmail).toEqual({ userId: 'up_4' });
    expect((await gqlData(app, `query { userByEmail(email: "old4@example.com") { userId } }`)).userByEmail).toBeNull();
    await create(app, 'up_5', 'old4@example.com');
  });

  it('answers CONFLICT for an email another user holds and changes nothing', async () => {
    await create(app, 'up_6', 'six@example.com');
    await create(app, 'up_7', 'seven@example.com');
    const res = await gql(app, UPDATE, { id: 'up_7', input: { email: 'six@example.com', name: 'Not applied' } });
    expect(codesOf(res)).toEqual(['CONFLICT']);
    const { user } = await gqlData(app, `query { user(userId: "up_7") { email name version } }`);
    expect(user).toEqual({ email: 'seven@example.com', name: 'Name up_7', version: 1 });
  });

  it.each([
    [{ email: 'bad' }, 'email'],
    [{ email: null }, 'email'],
    [{ name: null }, 'name'],
    [{ name: '' }, 'name'],
    [{ age: 200 }, 'age'],
    [{}, 'input'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (input, field) => {
    const res = await gql(app, UPDATE, { id: 'up_1', input });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('keeps the reserved word name working through placeholders when every field changes', async () => {
    await create(app, 'up_8', 'eight@example.com', 1);
    const { updateUser } = await gqlData(app, UPDATE, { id: 'up_8', input: { email: 'eight2@example.com', name: 'All', age: 2, expectedVersion: 1 } });
    expect(updateUser).toMatchObject({ email: 'eight2@example.com', name: 'All', age: 2, version: 2 });
  });
});
