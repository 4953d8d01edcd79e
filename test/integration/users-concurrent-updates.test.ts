import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

/**
 * Updates that race on one user. Without expectedVersion the client asked for no precondition:
 * name and age changes all apply (last write wins, version counting each one), and an email
 * change that keeps losing the race is CONFLICT, never PRECONDITION_FAILED. Either way the email
 * claims match the user's email.
 */
describe('concurrent updateUser', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    await gqlData(app, 'mutation { a: createUser(input: { userId: "race_1", email: "race1@example.com", name: "R" }) { userId } b: createUser(input: { userId: "race_2", email: "race2@example.com", name: "S" }) { userId } }');
  });
  afterAll(() => app.close());

  it('applies every name change without expectedVersion, each with its own version', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => gql(app, `mutation { updateUser(userId: "race_1", input: { name: "n${i}", age: ${i} }) { version } }`)));
    expect(results.flatMap(codesOf)).toEqual([]);
    expect(results.map((r) => r.data?.updateUser.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await gqlData(app, '{ user(userId: "race_1") { version } }')).user.version).toBe(11);
  });

  it('answers a lost email race with CONFLICT and keeps the claims right', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `race2-${i}@example.com`);
    const results = await Promise.all(emails.map((email) => gql(app, `mutation { updateUser(userId: "race_2", input: { email: "${email}" }) { email } }`)));
    const codes = results.flatMap(codesOf);
    expect(codes.filter((c) => c !== 'CONFLICT')).toEqual([]);
    const { user } = await gqlData(app, '{ user(userId: "race_2") { email } }');
    expect(emails).toContain(user.email);
    for (const email of [...emails, 'race2@example.com']) {
      const { userByEmail } = await gqlData(app, `{ userByEmail(email: "${email}") { userId } }`);
      expect({ email, owner: userByEmail?.userId ?? null }).toEqual({ email, owner: email === user.email ? 'race_2' : null });
      if (email !== user.email) {
        const taken = await gql(app, `mutation { createUser(input: { email: "${email}", name: "x" }) { userId } }`);
        expect({ email, codes: codesOf(taken) }).toEqual({ email, codes: [] });
      }
    }
  });
});
