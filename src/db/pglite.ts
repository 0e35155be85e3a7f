import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Queryable } from './database.ts';

/**
 * PGlite is one connection: its own transaction() holds a mutex, so concurrent
 * requests queue instead of interleaving statements inside someone else's transaction.
 */
export async function openPglite(dataDir: string | undefined, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir, opts) : await PGlite.create(opts);
  // Calls started and not yet finished: one runs on the connection, the others queue behind it.
  let inFlight = 0;
  const counted = async <T>(fn: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await fn();
    } finally {
      inFlight--;
    }
  };
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
    query: (sql, params) => counted(() => base.query(sql, params)),
    exec: (sql) => counted(() => base.exec(sql)),
    transaction: (fn) => counted(() => pg.transaction((tx) => fn(wrap(tx)))),
    async listen(channel, onPayload) {
      const unsubscribe = await pg.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    poolStats: () => ({ total: 1, idle: inFlight === 0 ? 1 : 0, waiting: Math.max(0, inFlight - 1) }),
    // Inside a transaction of its own, so no other transaction is half-way through the copy; after a
    // checkpoint, so the copy opens without crash recovery. (pg.query here would wait for this very
    // transaction: PGlite's query() takes the transaction mutex.)
    dumpDataDir: () =>
      counted(() =>
        pg.transaction(async (tx) => {
          await tx.query('checkpoint');
          const tar = await pg.dumpDataDir('gzip');
          return Buffer.from(await tar.arrayBuffer());
        }),
      ),
    close: () => pg.close(),
  };
}
