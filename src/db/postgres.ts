import pg from 'pg';
import type { Database, QueryResult, Queryable } from './database.ts';

// int8 (counts, sums) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  const check = await pool.connect();
  check.release();
  const listeners = new Map<string, Set<(p: string) => void>>();
  let listenClient: Promise<pg.PoolClient> | undefined;
  let current: pg.PoolClient | undefined;
  let closed = false;
  let relistenDelay = 250;

  // The LISTEN connection is checked out of the pool for good, so the pool no longer handles its
  // errors: without a handler a terminated backend (a restart, a failover) would crash the process.
  // On error it is dropped and a new one subscribes to every channel again, with backoff.
  const connectListener = async (): Promise<pg.PoolClient> => {
    const client = await pool.connect();
    client.on('notification', (msg) => {
      for (const cb of listeners.get(msg.channel) ?? []) cb(msg.payload ?? '');
    });
    client.on('error', () => {
      if (current !== client) return;
      current = undefined;
      listenClient = undefined;
      client.release(true);
      const relisten = () => {
        if (closed || listenClient) return;
        listenClient = connectListener();
        listenClient.then(
          () => void (relistenDelay = 250),
          () => {
            listenClient = undefined;
            relistenDelay = Math.min(relistenDelay * 2, 5_000);
            setTimeout(relisten, relistenDelay).unref();
          },
        );
      };
      setTimeout(relisten, relistenDelay).unref();
    });
    try {
      for (const channel of listeners.keys()) await client.query(`LISTEN ${channel}`);
    } catch (err) {
      client.release(true);
      throw err;
    }
    if (closed) client.release();
    else current = client;
    return client;
  };

  const run = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const r = await q.query(sql, params as unknown[]);
    return { rows: r.rows as T[], affectedRows: r.rowCount ?? undefined };
  };

  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        if (listenClient) await (await listenClient).query(`LISTEN ${channel}`);
      }
      if (!listenClient) {
        listenClient = connectListener();
        listenClient.catch(() => (listenClient = undefined));
        await listenClient;
      }
      set.add(onPayload);
      return async () => {
        set!.delete(onPayload);
      };
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      closed = true;
      // Forget the listen client before releasing it: a backend terminated after close (a dropped
      // database, a restart) still makes it emit 'error', whose handler must not release it twice.
      const listener = current;
      current = undefined;
      listener?.release();
      await pool.end();
    },
  };
}
