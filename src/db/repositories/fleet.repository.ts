import type { Queryable } from '../database.ts';

/** What a kiosk reported about itself (null: not reported or unreadable, the stored value stays). */
export interface KioskReport {
  version: string | null;
  pending: number | null;
  storageUsed: number | null;
  storageQuota: number | null;
  storagePersisted: boolean | null;
}

/** Last seen now, with what the kiosk reported; a kiosk seen again is no longer in a stale episode. */
export async function recordKioskReport(db: Queryable, id: string, r: KioskReport): Promise<void> {
  await db.query(
    `update devices set last_seen_at = now(),
            app_version = coalesce($2, app_version),
            pending_count = coalesce($3, pending_count),
            storage_used_bytes = coalesce($4, storage_used_bytes),
            storage_quota_bytes = coalesce($5, storage_quota_bytes),
            storage_persisted = coalesce($6, storage_persisted),
            stale_notified_at = null
      where id = $1`,
    [id, r.version, r.pending, r.storageUsed, r.storageQuota, r.storagePersisted],
  );
}

/** Marks the kiosks with no contact for `minutes` that were not announced yet; returns them. */
export async function markStaleDevices(tx: Queryable, now: Date, minutes: number) {
  const { rows } = await tx.query<{ id: string; name: string; showroom_id: string; last_seen_at: Date | null }>(
    `update devices set stale_notified_at = $1::timestamptz
      where revoked_at is null and stale_notified_at is null
        and coalesce(last_seen_at, created_at) < $1::timestamptz - make_interval(mins => $2)
      returning id, name, showroom_id, last_seen_at`,
    [now.toISOString(), minutes],
  );
  return rows;
}
