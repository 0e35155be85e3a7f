import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';
import { reportTimeZone } from './repositories/visits.repository.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant shared by all instances: the advisory lock makes two servers starting
// at once apply migrations one after the other instead of racing.
const MIGRATION_LOCK = 7_301_001;

export interface Migration {
  id: string;
  sql: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({ id: f.replace(/\.sql$/, ''), sql: await readFile(MIGRATIONS_DIR + f, 'utf8') })));
}

/** Applies pending migrations, each in its own transaction. Returns the ids applied. */
export async function migrate(db: Database): Promise<string[]> {
  const migrations = await loadMigrations();
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // A migration that refills the rollups (009) counts days in the report time zone.
    await tx.query(`select set_config('littleadvisors.report_timezone', $1, true)`, [reportTimeZone()]);
    await tx.query(`create table if not exists schema_migrations (
      id text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await tx.query<{ id: string }>('select id from schema_migrations')).rows.map((r) => r.id));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}

/** Readiness: every known migration is applied. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const migrations = await loadMigrations();
  const exists = await db.query<{ ok: boolean }>(`select to_regclass('schema_migrations') is not null as ok`);
  if (!exists.rows[0]?.ok) return migrations.map((m) => m.id);
  const done = new Set((await db.query<{ id: string }>('select id from schema_migrations')).rows.map((r) => r.id));
  return migrations.filter((m) => !done.has(m.id)).map((m) => m.id);
}
