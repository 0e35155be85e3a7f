import { CLUSTER_WINDOW_HOURS, floodSuspicion } from '../../core/near-duplicate/index.ts';
import type { Queryable } from '../database.ts';
import { nearDuplicatesByDevice } from './idea-clusters.repository.ts';

/** How the fleet judges a kiosk (FleetService): stale, and behind the served build. */
export interface FleetJudge {
  isStale(d: { lastSeenAt: Date | null; createdAt: Date; revokedAt: Date | null }): boolean;
  isBehind(appVersion: string | null): boolean;
  kioskVersion(): string | null;
  readonly staleMinutes: number;
}

export async function listShowroomsWithDevices(db: Queryable, scope: string[] | null, fleet?: FleetJudge) {
  const showrooms = await db.query<{ id: string; slug: string; name_zh: string; name_en: string; product_ids: string[] }>(
    `select s.id, s.slug, s.name_zh, s.name_en,
            coalesce(array_agg(sp.product_id order by sp.product_id) filter (where sp.product_id is not null), '{}') as product_ids
       from showrooms s left join showroom_products sp on sp.showroom_id = s.id
      where $1::uuid[] is null or s.id = any($1::uuid[])
      group by s.id order by s.slug`,
    [scope],
  );
  const devices = await db.query<{
    id: string; name: string; showroom_id: string; created_at: Date; last_seen_at: Date | null;
    app_version: string | null; pending_count: number | null; revoked_at: Date | null;
    storage_used_bytes: string | null; storage_quota_bytes: string | null; storage_persisted: boolean | null; stale_notified_at: Date | null;
  }>(
    `select id, name, showroom_id, created_at, last_seen_at, app_version, pending_count, revoked_at,
            storage_used_bytes::text, storage_quota_bytes::text, storage_persisted, stale_notified_at
       from devices where $1::uuid[] is null or showroom_id = any($1::uuid[]) order by created_at`,
    [scope],
  );
  const floods = await nearDuplicatesByDevice(db, devices.rows.map((d) => d.id), CLUSTER_WINDOW_HOURS);
  return showrooms.rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    nameZh: s.name_zh,
    nameEn: s.name_en,
    productIds: s.product_ids,
    devices: devices.rows
      .filter((d) => d.showroom_id === s.id)
      .map((d) => ({
        id: d.id,
        name: d.name,
        showroomId: d.showroom_id,
        createdAt: d.created_at.toISOString(),
        lastSeenAt: d.last_seen_at?.toISOString() ?? null,
        appVersion: d.app_version,
        pendingCount: d.pending_count,
        revokedAt: d.revoked_at?.toISOString() ?? null,
        ...floodSuspicion(floods.get(d.id) ?? 0),
        stale: fleet?.isStale({ lastSeenAt: d.last_seen_at, createdAt: d.created_at, revokedAt: d.revoked_at }) ?? false,
        staleAfterMinutes: fleet?.staleMinutes ?? 120,
        staleNotifiedAt: d.stale_notified_at?.toISOString() ?? null,
        currentVersion: fleet?.kioskVersion() ?? null,
        behind: fleet?.isBehind(d.app_version) ?? false,
        storageUsedBytes: d.storage_used_bytes === null ? null : Number(d.storage_used_bytes),
        storageQuotaBytes: d.storage_quota_bytes === null ? null : Number(d.storage_quota_bytes),
        storagePersisted: d.storage_persisted,
      })),
  }));
}

export async function insertShowroom(tx: Queryable, s: { slug: string; nameZh: string; nameEn: string }): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    'insert into showrooms (slug, name_zh, name_en) values ($1, $2, $3) on conflict (slug) do nothing returning id',
    [s.slug, s.nameZh, s.nameEn],
  );
  return rows[0]?.id ?? null;
}

export async function updateShowroomNames(tx: Queryable, id: string, nameZh: string | undefined, nameEn: string | undefined): Promise<boolean> {
  const r = await tx.query('update showrooms set name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en) where id = $1 returning id', [id, nameZh ?? null, nameEn ?? null]);
  return r.rows.length > 0;
}

export async function setFloor(tx: Queryable, showroomId: string, productIds: string[]): Promise<void> {
  await tx.query('delete from showroom_products where showroom_id = $1', [showroomId]);
  await tx.query(
    'insert into showroom_products (showroom_id, product_id) select $1, p from unnest($2::uuid[]) as p on conflict do nothing',
    [showroomId, productIds],
  );
}

export async function existingProducts(db: Queryable, ids: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('select id from products where id = any($1::uuid[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

export async function deviceShowroom(db: Queryable, deviceId: string): Promise<string | null> {
  const { rows } = await db.query<{ showroom_id: string }>('select showroom_id from devices where id = $1', [deviceId]);
  return rows[0]?.showroom_id ?? null;
}

export async function renameDevice(db: Queryable, id: string, name: string): Promise<void> {
  await db.query('update devices set name = $2 where id = $1', [id, name]);
}


/** Ids and names only (filters for every role): no floors, no kiosks. */
export async function listShowroomNames(db: Queryable, scope: string[] | null): Promise<Array<{ id: string; slug: string; nameZh: string; nameEn: string }>> {
  const { rows } = await db.query<{ id: string; slug: string; name_zh: string; name_en: string }>(
    `select id, slug, name_zh, name_en from showrooms where $1::uuid[] is null or id = any($1::uuid[]) order by slug`,
    [scope],
  );
  return rows.map((r) => ({ id: r.id, slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en }));
}
