import { fetchConfig, fetchReservations, HttpError, postVisit } from './api.ts';
import { addNote, kioskDb, loadConfig, loadPairing, pendingCount, setKv, type QueuedVisit } from './storage.ts';

const RESERVATION_LOW = 15;
const RESERVATION_BATCH = 30;
const MAX_BACKOFF_MS = 5 * 60_000;
const IDLE_POLL_MS = 15_000;
/**
 * A kiosk on its attract loop for hours still checks in (a cheap 304 on the config): the
 * dashboard sees it alive (not stale) and it learns of a new build. Tests shorten it.
 */
const HEARTBEAT_MS = (globalThis as { __LA_TEST__?: { heartbeatMs?: number } }).__LA_TEST__?.heartbeatMs ?? 5 * 60_000;
let lastHeartbeat = Date.now();

export interface SyncStatus {
  pending: number;
  lastSyncAt: number | null;
  lastError: string | null;
  revoked: boolean;
}

type Listener = (s: SyncStatus) => void;
const listeners = new Set<Listener>();
let status: SyncStatus = { pending: 0, lastSyncAt: null, lastError: null, revoked: false };

export function onSyncStatus(l: Listener): () => void {
  listeners.add(l);
  l(status);
  return () => listeners.delete(l);
}

function publish(patch: Partial<SyncStatus>) {
  status = { ...status, ...patch };
  for (const l of listeners) l(status);
}

/** Retry delay after `attempts` failures: exponential with jitter, capped at five minutes. */
export function backoffMs(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** Math.min(attempts, 12));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** A 4xx other than these means the visit itself is refused: keep it forever and the queue jams. */
const RETRYABLE_4XX = new Set([401, 403, 408, 425, 429]);

/**
 * The tablet's clock runs ahead of the server's: the visit is fine and becomes acceptable once
 * the server's time passes it, so it stays queued (with backoff) instead of being dropped.
 */
export function isRetryableCode(err: unknown): boolean {
  return err instanceof HttpError && err.code === 'clock_ahead';
}

async function sendOne(token: string, item: QueuedVisit): Promise<void> {
  const db = await kioskDb();
  try {
    await postVisit(token, item.body, await pendingCount(), item.path);
    await db.delete('outbox', item.id);
    const now = Date.now();
    await setKv('lastSyncAt', now);
    publish({ lastSyncAt: now, lastError: null });
  } catch (err) {
    const httpStatus = err instanceof HttpError ? err.status : 0;
    if (httpStatus >= 400 && httpStatus < 500 && !RETRYABLE_4XX.has(httpStatus) && !isRetryableCode(err)) {
      await db.delete('outbox', item.id);
      await addNote({ at: Date.now(), visitId: item.id, status: httpStatus, message: httpStatus === 410 ? 'deleted by the family before it was sent' : (err as Error).message });
      return;
    }
    if (httpStatus === 401) publish({ revoked: true });
    const attempts = item.attempts + 1;
    await db.put('outbox', { ...item, attempts, nextAttemptAt: Date.now() + backoffMs(attempts), lastError: (err as Error).message });
    publish({ lastError: (err as Error).message });
    throw err;
  }
}

let running = false;
let wake: (() => void) | null = null;

/** Sends every visit that is due, oldest first; stops at the first failure (the network is likely down). */
export async function flushOutbox(): Promise<void> {
  const pairing = await loadPairing();
  if (!pairing) return;
  const db = await kioskDb();
  const due = await db.getAllFromIndex('outbox', 'byNext', IDBKeyRange.upperBound(Date.now()));
  due.sort((a, b) => a.queuedAt - b.queuedAt);
  for (const item of due) {
    try {
      await sendOne(pairing.token, item);
    } catch {
      break;
    }
  }
  publish({ pending: await pendingCount() });
}

async function topUpReservations(token: string): Promise<void> {
  const db = await kioskDb();
  if ((await db.count('reservations')) >= RESERVATION_LOW) return;
  const fresh = await fetchReservations(token, RESERVATION_BATCH);
  const tx = db.transaction('reservations', 'readwrite');
  for (const r of fresh) await tx.store.put(r);
  await tx.done;
}

/** Picks up a new catalog when online (ETag keeps it cheap); the cached one serves offline. */
export async function refreshConfig(): Promise<boolean> {
  lastHeartbeat = Date.now();
  const pairing = await loadPairing();
  if (!pairing) return false;
  const cached = await loadConfig();
  try {
    const fresh = await fetchConfig(pairing.token, cached?.etag ?? null, await pendingCount());
    if (fresh) {
      await setKv('config', { etag: fresh.etag, config: fresh.config, fetchedAt: Date.now() });
      void warmPictures(fresh.config);
    }
    await topUpReservations(pairing.token);
    publish({ revoked: false });
    return Boolean(fresh);
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) publish({ revoked: true });
    return false;
  }
}

/** Fetches every catalog picture once so the service worker holds them before the network goes away. */
async function warmPictures(config: import('../../shared/kiosk-config.ts').KioskConfig): Promise<void> {
  const urls = new Set<string>();
  for (const p of config.products) {
    urls.add(p.picture);
    for (const part of p.parts) if (part.icon) urls.add(part.icon);
    for (const pair of p.pairs) urls.add(pair.a.picture).add(pair.b.picture);
  }
  for (const a of config.avatars) urls.add(a.picture);
  for (const url of urls) await fetch(url).catch(() => undefined);
}

/** Starts the background sender: on a timer, when the network returns, and when nudged. */
export function startSync(): void {
  if (running) return;
  running = true;
  void (async () => {
    const last = await (await import('./storage.ts')).getKv<number>('lastSyncAt');
    publish({ lastSyncAt: last ?? null, pending: await pendingCount() });
    for (;;) {
      await flushOutbox().catch(() => {});
      if (Date.now() - lastHeartbeat >= HEARTBEAT_MS) {
        lastHeartbeat = Date.now();
        await refreshConfig().catch(() => false);
      }
      const db = await kioskDb();
      const next = (await db.getAllFromIndex('outbox', 'byNext')).reduce((m, v) => Math.min(m, v.nextAttemptAt), Infinity);
      const delay = Math.max(250, Math.min(IDLE_POLL_MS, HEARTBEAT_MS, next - Date.now()));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = null;
    }
  })();
  addEventListener('online', () => nudgeSync(true));
}

/** Sends now; `resetBackoff` makes every queued visit due at once (the network just came back). */
export async function nudgeSync(resetBackoff = false): Promise<void> {
  if (resetBackoff) {
    const db = await kioskDb();
    const all = await db.getAll('outbox');
    for (const v of all) if (v.nextAttemptAt > Date.now()) await db.put('outbox', { ...v, nextAttemptAt: 0 });
  }
  publish({ pending: await pendingCount() });
  wake?.();
}
