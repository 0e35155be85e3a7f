import type { Queryable } from '../database.ts';

export interface Inventory {
  visits: number;
  ideas: number;
  voiceRecordings: number;
  catalogFiles: number;
  migrations: string[];
}

/** What a database holds, in the terms a backup or restore reports. */
export async function inventory(db: Queryable): Promise<Inventory> {
  const hasSchema = (await db.query<{ t: string | null }>(`select to_regclass('public.schema_migrations')::text as t`)).rows[0]?.t;
  if (!hasSchema) return { visits: 0, ideas: 0, voiceRecordings: 0, catalogFiles: 0, migrations: [] };
  const counts = (
    await db.query<{ visits: number; ideas: number; media: number; assets: number }>(
      `select (select count(*)::int from visits) as visits, (select count(*)::int from ideas) as ideas,
              (select count(*)::int from media) as media, (select count(*)::int from assets) as assets`,
    )
  ).rows[0]!;
  const migrations = (await db.query<{ id: string }>('select id from schema_migrations order by id')).rows.map((r) => r.id);
  return { visits: counts.visits, ideas: counts.ideas, voiceRecordings: counts.media, catalogFiles: counts.assets, migrations };
}

/** Tables, views, sequences and functions outside PostgreSQL's own schemas: 0 means an empty database. */
export async function userObjectCount(db: Queryable): Promise<number> {
  const r = await db.query<{ n: number }>(
    `select (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%')
          + (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname not in ('pg_catalog', 'information_schema')) as n`,
  );
  return r.rows[0]?.n ?? 0;
}
