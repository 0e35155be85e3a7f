import type { Queryable } from '../database.ts';

export interface DeviceRow {
  id: string;
  showroom_id: string;
  name: string;
  showroom_slug: string;
  showroom_name_zh: string;
  showroom_name_en: string;
}

export async function insertPairingCode(db: Queryable, codeHash: Buffer, showroomId: string, ttlSeconds: number): Promise<Date> {
  const { rows } = await db.query<{ expires_at: Date }>(
    `insert into pairing_codes (code_hash, showroom_id, expires_at)
     values ($1, $2, now() + make_interval(secs => $3)) returning expires_at`,
    [codeHash, showroomId, ttlSeconds],
  );
  return rows[0]!.expires_at;
}

/** Marks the code used and returns its showroom, or null when unknown, used or expired. */
export async function consumePairingCode(tx: Queryable, codeHash: Buffer): Promise<string | null> {
  const { rows } = await tx.query<{ showroom_id: string }>(
    `update pairing_codes set used_at = now()
      where code_hash = $1 and used_at is null and expires_at > now()
      returning showroom_id`,
    [codeHash],
  );
  return rows[0]?.showroom_id ?? null;
}

export async function insertDevice(tx: Queryable, d: { showroomId: string; name: string; tokenHash: Buffer; codeHash: Buffer }): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into devices (showroom_id, name, token_hash) values ($1, $2, $3) returning id`,
    [d.showroomId, d.name, d.tokenHash],
  );
  const id = rows[0]!.id;
  await tx.query('update pairing_codes set device_id = $1 where code_hash = $2', [id, d.codeHash]);
  return id;
}

export async function findActiveDeviceByToken(db: Queryable, tokenHash: Buffer): Promise<DeviceRow | null> {
  const { rows } = await db.query<DeviceRow>(
    `select d.id, d.showroom_id, d.name, s.slug as showroom_slug, s.name_zh as showroom_name_zh, s.name_en as showroom_name_en
       from devices d join showrooms s on s.id = d.showroom_id
      where d.token_hash = $1 and d.revoked_at is null`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function touchDevice(db: Queryable, id: string, appVersion: string | null, pendingCount: number | null): Promise<void> {
  await db.query(
    `update devices set last_seen_at = now(),
            app_version = coalesce($2, app_version),
            pending_count = coalesce($3, pending_count)
      where id = $1`,
    [id, appVersion, pendingCount],
  );
}

/**
 * NOTIFY channel for "a kiosk's authentication changed" (revoked, renamed, its showroom renamed);
 * the payload is the device id, or '*' for every device. Caches of kiosk authentication listen on it.
 */
export const DEVICE_CHANGED_CHANNEL = 'device_changed';

/** Told before a revocation runs; `done` after it (whether a row changed), awaited before revokeDevice returns. */
export type RevocationWatcher = (db: Queryable, deviceId: string) => { done(revoked: boolean): Promise<void> };
const revocationWatchers = new Set<RevocationWatcher>();

/** For the process's authentication caches (src/server/auth/device-cache.ts). */
export function watchRevocations(w: RevocationWatcher): () => void {
  revocationWatchers.add(w);
  return () => revocationWatchers.delete(w);
}

/**
 * Revokes a kiosk and announces it on DEVICE_CHANGED_CHANNEL in the same statement (delivered at
 * commit to every instance). Returns once this process's caches have dropped the device.
 */
export async function revokeDevice(db: Queryable, id: string): Promise<boolean> {
  const watches = [...revocationWatchers].map((w) => w(db, id));
  let revoked = false;
  try {
    const r = await db.query(
      `with r as (update devices set revoked_at = now() where id = $1 and revoked_at is null returning id)
       select id, pg_notify('${DEVICE_CHANGED_CHANNEL}', id::text) from r`,
      [id],
    );
    revoked = r.rows.length > 0;
    return revoked;
  } finally {
    await Promise.all(watches.map((w) => w.done(revoked)));
  }
}
