import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { markStaleDevices, type KioskReport } from '../../db/repositories/fleet.repository.ts';
import type { DomainEvents } from '../events.ts';

export type { KioskReport } from '../../db/repositories/fleet.repository.ts';

/** The built kiosk the server serves unless KIOSK_DIST_DIR says otherwise. */
export const DEFAULT_KIOSK_DIR = fileURLToPath(new URL('../../../dist/kiosk/', import.meta.url));
/** The response header that tells a kiosk which build is current (docs/KIOSK.md, "Updates"). */
export const CURRENT_VERSION_HEADER = 'x-kiosk-current';
const STALE_LOCK = 7_301_012;
const VERSION_RECHECK_MS = 2_000;
const MAX_BYTES = 2 ** 52;

/**
 * What a kiosk says about itself on every request: its build, how many visits wait in its
 * outbox and how full its storage is. A value that does not parse is ignored (never an error):
 * these headers only feed the dashboard.
 *
 *   x-kiosk-version: 0.1.0+1a2b3c4d
 *   x-kiosk-pending: 3
 *   x-kiosk-storage: used=1048576; quota=2147483648; persisted=1
 */
export function parseKioskReport(headers: FastifyRequest['headers']): KioskReport {
  const version = text(headers['x-kiosk-version'], 40);
  const pendingRaw = text(headers['x-kiosk-pending'], 7);
  const pending = pendingRaw !== null && /^\d+$/.test(pendingRaw) ? Number(pendingRaw) : null;
  return { version: version || null, pending, ...parseStorage(text(headers['x-kiosk-storage'], 120)) };
}

function text(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.length <= max && /^[\x20-\x7e]*$/.test(v) ? v : null;
}

function parseStorage(v: string | null): Pick<KioskReport, 'storageUsed' | 'storageQuota' | 'storagePersisted'> {
  const out: Pick<KioskReport, 'storageUsed' | 'storageQuota' | 'storagePersisted'> = { storageUsed: null, storageQuota: null, storagePersisted: null };
  if (!v) return out;
  for (const part of v.split(';')) {
    const m = /^\s*(used|quota|persisted)=(\d{1,16})\s*$/.exec(part);
    if (!m) continue;
    const n = Number(m[2]);
    if (m[1] === 'persisted') {
      if (n === 0 || n === 1) out.storagePersisted = n === 1;
    } else if (n <= MAX_BYTES) {
      out[m[1] === 'used' ? 'storageUsed' : 'storageQuota'] = n;
    }
  }
  // Usage above the quota is a confused browser: keep neither rather than show nonsense.
  if (out.storageUsed !== null && out.storageQuota !== null && out.storageUsed > out.storageQuota) {
    out.storageUsed = null;
    out.storageQuota = null;
  }
  return out;
}

/**
 * The fleet's view of time and of the current kiosk build. Both are injectable so tests can
 * move the clock past KIOSK_STALE_MINUTES and "deploy" a new kiosk version.
 */
export class FleetService {
  clock: () => Date = () => new Date();
  private override: string | null | undefined;
  private cached: { version: string | null; checkedAt: number; mtimeMs: number } = { version: null, checkedAt: -Infinity, mtimeMs: -1 };

  constructor(
    readonly staleMinutes: number,
    readonly kioskDir: string = DEFAULT_KIOSK_DIR,
  ) {}

  /** Pretend a different build is deployed (tests); undefined goes back to reading the build. */
  setKioskVersion(version: string | null | undefined): void {
    this.override = version;
  }

  /** The kiosk build this server serves, from <kiosk dir>/version.json (re-read when it changes). */
  kioskVersion(): string | null {
    if (this.override !== undefined) return this.override;
    const now = Date.now();
    if (now - this.cached.checkedAt < VERSION_RECHECK_MS) return this.cached.version;
    this.cached.checkedAt = now;
    const file = `${this.kioskDir.replace(/\/+$/, '')}/version.json`;
    try {
      const { mtimeMs } = statSync(file);
      if (mtimeMs !== this.cached.mtimeMs) {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
        this.cached.version = typeof parsed.version === 'string' ? parsed.version : null;
        this.cached.mtimeMs = mtimeMs;
      }
    } catch {
      this.cached.version = null;
      this.cached.mtimeMs = -1;
    }
    return this.cached.version;
  }

  /** No contact for KIOSK_STALE_MINUTES (a revoked kiosk is never stale: it is gone). */
  isStale(d: { lastSeenAt: Date | null; createdAt: Date; revokedAt: Date | null }): boolean {
    if (d.revokedAt) return false;
    const seen = d.lastSeenAt ?? d.createdAt;
    return this.clock().getTime() - seen.getTime() > this.staleMinutes * 60_000;
  }

  /** The kiosk runs another build than the one served (it updates on its next attract screen). */
  isBehind(appVersion: string | null): boolean {
    const current = this.kioskVersion();
    return Boolean(current && appVersion && appVersion !== current);
  }

  /** Adds the current build to every response a kiosk authenticated for. */
  readonly onSend = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (req.device) {
      const v = this.kioskVersion();
      if (v) reply.header(CURRENT_VERSION_HEADER, v);
    }
    return payload;
  };
}

/**
 * Finds kiosks that went stale since the last sweep and fires `kiosk.stale` once for each.
 * The mark is in the database (devices.stale_notified_at, cleared when the kiosk is seen
 * again), so another instance or a restart does not fire the same episode again; the
 * advisory lock lets one instance sweep at a time. Returns the devices announced, or null
 * when another instance holds the lock.
 */
export async function sweepStaleKiosks(db: Database, fleet: FleetService, events: DomainEvents): Promise<string[] | null> {
  const now = fleet.clock();
  const marked = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [STALE_LOCK]);
    if (!rows[0]?.ok) return null;
    return markStaleDevices(tx, now, fleet.staleMinutes);
  });
  if (!marked) return null;
  for (const d of marked) {
    events.emit('kiosk.stale', { deviceId: d.id, deviceName: d.name, showroomId: d.showroom_id, lastSeenAt: d.last_seen_at?.toISOString() ?? null, at: now.toISOString() });
  }
  return marked.map((d) => d.id);
}

/** Sweeps every `everyMs` (a minute by default); returns a stop function. */
export function scheduleStaleSweep(db: Database, fleet: FleetService, events: DomainEvents, log: { warn(o: object, m: string): void }, everyMs = 60_000): () => void {
  const timer = setInterval(() => void sweepStaleKiosks(db, fleet, events).catch((err) => log.warn({ err: String(err) }, 'kiosk stale sweep failed')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
