import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';

/** The PostgreSQL server tests may create throwaway databases on. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';

let warned = false;
/** Engines to run a suite against: always PGlite, PostgreSQL when a URL is given (and loudly not otherwise). */
export function testEngines(): Array<'pglite' | 'postgres'> {
  if (!TEST_PG_URL) {
    if (!warned) {
      warned = true;
      process.stderr.write('\n*** PostgreSQL tests SKIPPED: set TEST_DATABASE_URL=postgres://… to run them (CI does) ***\n\n');
    }
    return ['pglite'];
  }
  return ['pglite', 'postgres'];
}

export interface TestDatabase {
  db: Database;
  /** A URL another process can open (postgres only). */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: in-memory PGlite, or a new database on the test PostgreSQL server. */
export async function freshDatabase(engine: 'pglite' | 'postgres', opts: { dataDir?: string } = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await openPglite(opts.dataDir);
    return { db, drop: () => db.close() };
  }
  const url = await createPgDatabase();
  const db = await openPostgres(url, 20);
  return {
    db,
    url,
    async drop() {
      await db.close();
      await dropPgDatabase(url);
    },
  };
}

export async function createPgDatabase(): Promise<string> {
  const name = `la_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropPgDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
