import type { Config } from '../config';

/**
 * The API's own tables, each with the operations that write it. The generic tables API reads them
 * but never writes them: a raw write would bypass what those operations keep true (one user per
 * email through the user-emails claims, typed attributes, versions).
 */
export function ownTables(tables: Config['tables']): ReadonlyMap<string, string> {
  return new Map([
    [tables.users, 'createUser, createUsers, updateUser or deleteUser'],
    [tables.userEmails, 'createUser, updateUser or deleteUser (they keep its email claims)'],
    [tables.orders, 'createOrder or deleteOrder'],
  ]);
}
