declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}

/** The parts of dynalite's internals the local transactions are built from (dynalite 4.x). */
declare module 'dynalite/db' {
  type Callback<T = unknown> = (err: (Error & { statusCode?: number; body?: unknown; name: string }) | null | undefined, value?: T) => void;
  type Attributes = Record<string, unknown>;
  interface ItemDb {
    get(key: string, cb: Callback<Attributes>): void;
  }
  interface Store {
    options: { maxItemSize: number };
    /** Waits for pending operations, then closes LevelDB. */
    lifecycleManager?: { gracefulClose(cb: (err?: Error | null) => void): void };
    /** abstract-level: open() waits for the pending open; it rejects with LEVEL_DATABASE_NOT_OPEN, the reason as `cause` (LEVEL_LOCKED). */
    db: { close(cb: (err?: Error | null) => void): void; open(): Promise<void> };
    getTable(name: string, cb: Callback<unknown>): void;
    getItemDb(name: string): ItemDb;
  }
  function create(options: unknown): Store;
  function createKey(item: Attributes, table: unknown): string;
  function validateKey(key: Attributes, table: unknown): Error | null | undefined;
  function validateItem(item: Attributes, table: unknown): Error | null | undefined;
  function checkConditional(data: unknown, existing: Attributes | undefined): Error | null | undefined;
}

declare module 'dynalite/validations' {
  function checkTypes(data: unknown, types: unknown): Record<string, unknown>;
  function checkValidations(data: unknown, types: unknown, custom: unknown, store: unknown): void;
}

declare module 'dynalite/actions/*' {
  import type { Store } from 'dynalite/db';
  function action(store: Store, data: Record<string, unknown>, cb: (err: (Error & { statusCode?: number; body?: unknown }) | null | undefined, result?: Record<string, unknown>) => void): void;
  export = action;
}

declare module 'dynalite/validations/*' {
  export const types: unknown;
  export const custom: unknown;
}
