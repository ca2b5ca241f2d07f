import { types, type PGlite } from '@electric-sql/pglite';
import type { PostgresDriver, PostgresQueryResult, PostgresSession } from '../postgres-driver.js';

/**
 * PGlite (PostgreSQL compiled to WebAssembly, in process) as a PostgresDriver, so the provider's
 * own SQL — read-only transactions, cursors, catalog queries, EXPLAIN — runs on a laptop without a
 * server. PGlite has one connection: sessions take turns. It runs a statement to completion
 * without yielding to the event loop, so `cancel` cannot stop it (`canCancel` is false) and
 * `statement_timeout` has no effect there. Closing the driver closes the PGlite instance.
 */
export async function createPgliteDriver(db: PGlite): Promise<PostgresDriver> {
  const identity = (value: string): string => value;
  // Every value as text, like the pg driver: identity parsers for every type PGlite would parse.
  const oids = (await db.query<{ oid: number }>('SELECT oid::int AS oid FROM pg_type')).rows.map(
    (row) => row.oid,
  );
  const parsers = Object.fromEntries(
    [...oids, ...Object.keys(types.parsers).map(Number)].map((oid) => [oid, identity]),
  );
  let queue: Promise<void> = Promise.resolve();

  return {
    canCancel: false,
    async connect(): Promise<PostgresSession> {
      let unlock: () => void = () => undefined;
      const turn = new Promise<void>((resolve) => {
        unlock = resolve;
      });
      const previous = queue;
      queue = previous.then(() => turn);
      await previous;
      let released = false;
      return {
        async query(sql: string, params?: readonly unknown[]): Promise<PostgresQueryResult> {
          const result = await db.query<Array<string | null>>(
            sql,
            params === undefined ? undefined : [...params],
            {
              rowMode: 'array',
              parsers,
            },
          );
          return {
            fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
            rows: result.rows,
          };
        },
        async execute(script: string): Promise<void> {
          await db.exec(script);
        },
        async cancel(): Promise<void> {
          // In-process: nothing can interrupt a running statement.
        },
        release(destroy = false): void {
          if (released) return;
          released = true;
          if (destroy) {
            void db
              .exec('ROLLBACK')
              .catch(() => undefined)
              .finally(unlock);
          } else {
            unlock();
          }
        },
      };
    },
    async close(): Promise<void> {
      await queue;
      await db.close();
    },
  };
}
