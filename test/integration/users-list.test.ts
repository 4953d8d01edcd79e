import type { App } from '../../src/app';
import { codesOf, gql, gqlData, startTestApp } from '../helpers/app';

const PAGE = `query($filter: UserFilter, $limit: Int, $next: String) { users(filter: $filter, limit: $limit, nextToken: $next) { items { userId } nextToken scannedCount } }`;

/** Every page of a listing, following nextToken. */
async function allPages(app: App, variables: Record<string, unknown>) {
  type Page = { items: Array<{ userId: string }>; nextToken: string | null; scannedCount: number };
  const pages: Page[] = [];
  let next: string | null = null;
  do {
    const { users }: { users: Page } = await gqlData(app, PAGE, { ...variables, next });
    pages.push(users);
    next = users.nextToken;
  } while (next);
  return pages;
}

describe('users listing over HTTP', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
    const input = Array.from({ length: 30 }, (_, i) => ({
      userId: `u${String(i).padStart(2, '0')}`,
      email: `u${i}@${i % 3 === 0 ? 'acme.io' : 'example.com'}`,
      name: i % 2 === 0 ? `Alpha ${i}` : `Beta ${i}`,
      age: 20 + i,
    }));
    const { createUsers } = await gqlData(app, `mutation($input: [CreateUserInput!]!) { createUsers(input: $input) { written failed { index } } }`, { input });
    expect(createUsers).toEqual({ written: 30, failed: [] });
  });
  afterAll(() => app.close());

  it('pages through every user exactly once, limit at a time', async () => {
    const pages = await allPages(app, { limit: 7 });
    expect(pages.map((p) => p.items.length)).toEqual([7, 7, 7, 7, 2]);
    const ids = pages.flatMap((p) => p.items.map((u) => u.userId));
    expect(new Set(ids).size).toBe(30);
    expect(pages.slice(0, 4).every((p) => p.scannedCount === 7)).toBe(true);
  });

  it('fills each filtered page up to limit, reading on past pages with no match, and reports what it scanned', async () => {
    const pages = await allPages(app, { filter: { emailDomain: 'acme.io', minAge: 25 }, limit: 3 });
    const ids = pages.flatMap((p) => p.items.map((u) => u.userId)).sort();
    expect(ids).toEqual(['u06', 'u09', 'u12', 'u15', 'u18', 'u21', 'u24', 'u27']);
    expect(pages.slice(0, -1).every((p) => p.items.length === 3)).toBe(true);
    expect(pages.reduce((n, p) => n + p.scannedCount, 0)).toBeGreaterThanOrEqual(30);
  });

  it('applies nameBeginsWith and maxAge together', async () => {
    const pages = await allPages(app, { filter: { nameBeginsWith: 'Beta', maxAge: 26 }, limit: 50 });
    expect(pages.flatMap((p) => p.items.map((u) => u.userId)).sort()).toEqual(['u01', 'u03', 'u05']);
    expect(pages[0]?.scannedCount).toBe(30);
  });

  it('returns an empty last page with no nextToken when nothing matches', async () => {
    const { users } = await gqlData(app, PAGE, { filter: { nameBeginsWith: 'Zed' }, limit: 5 });
    expect(users).toEqual({ items: [], nextToken: null, scannedCount: 30 });
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 1001 }, 'limit'],
    [{ filter: { minAge: 40, maxAge: 30 } }, 'filter.minAge'],
    [{ filter: { emailDomain: 'not a domain' } }, 'filter.emailDomain'],
    [{ next: 'forged.token' }, 'nextToken'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (variables, field) => {
    const res = await gql(app, PAGE, variables);
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('refuses a token issued for another list', async () => {
    const { orders } = await gqlData(app, `query { orders(userId: "u00") { nextToken } }`);
    expect(orders.nextToken).toBeNull();
    const { users } = await gqlData(app, PAGE, { limit: 1 });
    const res = await gql(app, `query($t: String) { orders(userId: "u00", nextToken: $t) { nextToken } }`, { t: users.nextToken });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
  });
});
