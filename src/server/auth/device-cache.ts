import type { Database, Queryable } from '../../db/database.ts';
import { DEVICE_CHANGED_CHANNEL, findActiveDeviceByToken, watchRevocations, type DeviceRow } from '../../db/repositories/devices.repository.ts';

export { DEVICE_CHANGED_CHANNEL };

/** How long a looked-up kiosk is trusted without asking the database again. */
export const DEVICE_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
/** How long the revoking request waits for its own notice to come back (see announceDeviceChange). */
const ECHO_WAIT_MS = 1_000;

interface Entry {
  device: DeviceRow;
  expires: number;
}

/**
 * Token hash → active device, for a few seconds, so a kiosk's visits do not each pay a device
 * look-up (≈ 0.4 ms of the single PGlite thread). Revocation stays immediate: the revoking route
 * drops the entry in its own process at once and NOTIFYs `device_changed` in the same transaction,
 * and every instance drops its entry when the notice arrives. The TTL only bounds what a change
 * made outside the application (plain SQL) or a notice lost while a LISTEN connection reconnects
 * can leave behind. Nothing is cached until the LISTEN is in place, nor when it could not be set up.
 */
export class DeviceAuthCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every change notice: a look-up that started before one must not fill the cache. */
  private generation = 0;
  private listening: Promise<boolean> | null = null;
  private ready = false;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly waiters = new Set<{ id: string; done: (heard: boolean) => void }>();
  /** Look-ups answered from memory / from the database (for tests and the benchmark). */
  hits = 0;
  misses = 0;

  constructor(
    private readonly db: Database,
    private readonly ttlMs = DEVICE_CACHE_TTL_MS,
  ) {}

  private start(): Promise<boolean> {
    this.listening ??= this.db.listen(DEVICE_CHANGED_CHANNEL, (payload) => this.onNotice(payload)).then(
      (unlisten) => {
        this.unlisten = unlisten;
        this.ready = true;
        return true;
      },
      () => false,
    );
    return this.listening;
  }

  private onNotice(payload: string): void {
    this.generation++;
    if (payload === '*') this.entries.clear();
    else this.dropDevice(payload);
    for (const w of this.waiters) if (w.id === payload || payload === '*') w.done(true);
  }

  /** Drops every entry of one device (a device has one token, but be exact). */
  dropDevice(deviceId: string): void {
    this.generation++;
    for (const [key, e] of this.entries) if (e.device.id === deviceId) this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  async find(tokenHash: Buffer): Promise<DeviceRow | null> {
    const key = tokenHash.toString('base64');
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      this.hits++;
      return hit.device;
    }
    if (hit) this.entries.delete(key);
    this.misses++;
    const listening = this.ready || (await this.start());
    const generation = this.generation;
    const device = await findActiveDeviceByToken(this.db, tokenHash);
    // Unknown and revoked tokens are not cached: they are rare, and pairing must take effect at once.
    if (device && listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { device, expires: Date.now() + this.ttlMs });
    }
    return device;
  }

  /** Resolves true when this process has heard a notice for `deviceId`, false after ECHO_WAIT_MS (or at once when not listening). */
  echoOf(deviceId: string): { promise: Promise<boolean>; cancel: () => void } {
    let w!: { id: string; done: (heard: boolean) => void };
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<boolean>((resolve) => {
      w = {
        id: deviceId,
        done: (heard) => {
          clearTimeout(timer);
          this.waiters.delete(w);
          resolve(heard);
        },
      };
      this.waiters.add(w);
      timer = setTimeout(() => w.done(false), this.ready ? ECHO_WAIT_MS : 0);
      timer.unref();
    });
    return { promise, cancel: () => w.done(false) };
  }

  async close(): Promise<void> {
    this.entries.clear();
    for (const w of this.waiters) w.done(false);
    const unlisten = this.unlisten;
    this.unlisten = null;
    this.ready = false;
    if (unlisten) await unlisten().catch(() => {});
  }
}

const caches = new WeakMap<Database, DeviceAuthCache>();

// Every revocation (revokeDevice, whoever calls it) drops the device from this handle's cache
// and waits for its own notice to come back before returning.
watchRevocations((db, deviceId) => {
  const cache = caches.get(db as Database);
  if (!cache) return { done: async () => {} };
  const echo = cache.echoOf(deviceId);
  return {
    async done(revoked) {
      if (!revoked) return echo.cancel();
      cache.dropDevice(deviceId);
      await echo.promise;
    },
  };
});

/** The one cache of a database handle (one per app instance: each opens its own handle). */
export function deviceAuthCache(db: Database): DeviceAuthCache {
  let c = caches.get(db);
  if (!c) {
    c = new DeviceAuthCache(db);
    caches.set(db, c);
  }
  return c;
}

export async function closeDeviceAuthCache(db: Database): Promise<void> {
  const c = caches.get(db);
  caches.delete(db);
  await c?.close();
}

/** Queues the notice inside `tx`: PostgreSQL delivers it at commit, to every instance. */
export async function notifyDeviceChanged(tx: Queryable, deviceId: string | '*'): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [DEVICE_CHANGED_CHANNEL, deviceId]);
}

/**
 * Runs `change` (which must call notifyDeviceChanged in its transaction) and returns once this
 * process's cache has dropped the device and this process has heard its own notice back, i.e.
 * PostgreSQL has sent it to every listening instance: an answer to the admin means the kiosk's
 * next request is refused wherever it lands.
 */
export async function changeDevice<T>(db: Database, deviceId: string | '*', change: (tx: Queryable) => Promise<T>): Promise<T> {
  const cache = deviceAuthCache(db);
  const echo = cache.echoOf(deviceId);
  try {
    const result = await db.transaction(change);
    if (deviceId === '*') cache.clear();
    else cache.dropDevice(deviceId);
    await echo.promise;
    return result;
  } finally {
    echo.cancel();
  }
}
