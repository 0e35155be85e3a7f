import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { demoCatalog } from '../../src/db/seed/demo-catalog.ts';
import { seedCatalog } from '../../src/db/seed/seed-catalog.ts';

/** What a test needs to build NewVisit rows for insertWholeVisit directly (no HTTP). */
export interface StoreFixture {
  showroomId: string;
  deviceId: string;
  productId: string;
  parts: string[];
  pairs: string[];
  activityVersion: number;
  consentVersion: string;
  avatar: string;
}

/**
 * Migrates and seeds the demo catalog, pairs one kiosk (named `kiosk`) in the first showroom,
 * and returns the ids a visit of the first model needs: its parts and pairs in key order.
 */
export async function storeFixture(db: Database, kiosk: string): Promise<StoreFixture> {
  await migrate(db);
  await seedCatalog(db, demoCatalog);
  const one = async <T>(sql: string, p: unknown[] = []) => (await db.query<T>(sql, p)).rows[0]!;
  const showroom = await one<{ id: string }>('select id from showrooms order by slug limit 1');
  const device = await one<{ id: string }>(`insert into devices (showroom_id, name, token_hash) values ($1, $2, $3) returning id`, [showroom.id, kiosk, randomBytes(32)]);
  const product = await one<{ id: string }>('select id from products where retired_at is null order by key limit 1');
  const ids = async (table: 'parts' | 'pairs') =>
    (await db.query<{ id: string }>(`select id from ${table} where product_id = $1 and retired_at is null order by key`, [product.id])).rows.map((r) => r.id);
  return {
    showroomId: showroom.id,
    deviceId: device.id,
    productId: product.id,
    parts: await ids('parts'),
    pairs: await ids('pairs'),
    activityVersion: (await one<{ version: number }>('select max(version)::int as version from activities')).version,
    consentVersion: (await one<{ version: string }>('select version from consent_texts order by version limit 1')).version,
    avatar: (await one<{ key: string }>('select key from avatars order by key limit 1')).key,
  };
}
