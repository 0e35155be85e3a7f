import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Queryable } from './database.ts';

/**
 * PGlite is one connection: its own transaction() holds a mutex, so concurrent
 * requests queue instead of interleaving statements inside someone else's transaction.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async exec(sql: string) {
      await q.exec(sql);
    },
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await q.query<T>(sql, params as never[]);
      return { rows: result.rows, affectedRows: result.affectedRows };
    },
  });
  const base = wrap(pg);
  return {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onPayload) {
      const unsubscribe = await pg.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    close: () => pg.close(),
  };
}
