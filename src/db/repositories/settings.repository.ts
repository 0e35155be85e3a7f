import { randomBytes } from 'node:crypto';
import type { Queryable } from '../database.ts';

/**
 * A random secret kept in the database, so every server instance on one PostgreSQL
 * agrees on it. Created once; racing instances keep the first one written.
 */
export async function getOrCreateSecret(db: Queryable, key: string): Promise<Buffer> {
  const candidate = randomBytes(32).toString('hex');
  await db.query(`insert into settings (key, value) values ($1, $2::jsonb) on conflict (key) do nothing`, [key, JSON.stringify(candidate)]);
  const { rows } = await db.query<{ value: string }>('select value from settings where key = $1', [key]);
  return Buffer.from(rows[0]!.value, 'hex');
}

export async function getSetting<T>(db: Queryable, key: string): Promise<T | undefined> {
  const { rows } = await db.query<{ value: T }>('select value from settings where key = $1', [key]);
  return rows[0]?.value;
}

export async function putSetting(db: Queryable, key: string, value: unknown): Promise<void> {
  await db.query(
    `insert into settings (key, value) values ($1, $2::jsonb) on conflict (key) do update set value = excluded.value`,
    [key, JSON.stringify(value)],
  );
}
