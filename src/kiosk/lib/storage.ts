import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { KioskConfig } from '../../shared/kiosk-config.ts';
import type { VisitInput } from '../../shared/visit.ts';

/** What the tablet keeps between reloads and restarts: its pairing, the catalog, the outbox. */
export interface Pairing {
  deviceId: string;
  token: string;
  name: string;
  showroom: { slug: string; name: string };
  pin: string;
  defaultLocale: 'zh-CN' | 'en';
  pairedAt: string;
}

export interface QueuedVisit {
  id: string;
  /** Where it is posted: '/visits' (default) or '/kiosk/abandoned'. */
  path?: string;
  body: VisitInput | { id: string; step: string; at: string; productId?: string; ageBand?: string };
  ticket: string | null;
  queuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export interface SyncNote {
  at: number;
  visitId: string;
  status: number;
  message: string;
}

interface KioskDb extends DBSchema {
  kv: { key: string; value: unknown };
  outbox: { key: string; value: QueuedVisit; indexes: { byNext: number } };
  reservations: { key: string; value: { visitId: string; ticket: string } };
  notes: { key: number; value: SyncNote };
}

let dbPromise: Promise<IDBPDatabase<KioskDb>> | null = null;

export function kioskDb(): Promise<IDBPDatabase<KioskDb>> {
  dbPromise ??= openDB<KioskDb>('little-advisors-kiosk', 1, {
    upgrade(db) {
      db.createObjectStore('kv');
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byNext', 'nextAttemptAt');
      db.createObjectStore('reservations', { keyPath: 'visitId' });
      db.createObjectStore('notes', { autoIncrement: true });
    },
  });
  return dbPromise;
}

export async function getKv<T>(key: string): Promise<T | undefined> {
  return (await (await kioskDb()).get('kv', key)) as T | undefined;
}

export async function setKv(key: string, value: unknown): Promise<void> {
  await (await kioskDb()).put('kv', value, key);
}

export async function deleteKv(key: string): Promise<void> {
  await (await kioskDb()).delete('kv', key);
}

export const loadPairing = () => getKv<Pairing>('pairing');
export const loadConfig = () => getKv<{ etag: string | null; config: KioskConfig; fetchedAt: number }>('config');

export async function enqueueVisit(body: VisitInput, ticket: string | null): Promise<void> {
  const db = await kioskDb();
  await db.put('outbox', { id: body.id, body, ticket, queuedAt: Date.now(), attempts: 0, nextAttemptAt: 0, lastError: null });
}

/**
 * A finished visit into the outbox with the (visit id, ticket) pair it uses, in ONE transaction:
 * the reservation is spent if and only if the visit is queued (two transactions before: a crash
 * between them lost a ticket). Without a reservation left, `freshId` names the visit and it has no
 * ticket. Returns the ticket the certificate shows.
 */
export async function queueFinishedVisit(build: (visitId: string) => VisitInput, freshId: () => string): Promise<string | null> {
  const db = await kioskDb();
  const tx = db.transaction(['reservations', 'outbox'], 'readwrite');
  const cursor = await tx.objectStore('reservations').openCursor();
  const reservation = cursor ? cursor.value : null;
  const body = build(reservation?.visitId ?? freshId());
  await Promise.all([
    cursor?.delete(),
    tx.objectStore('outbox').put({ id: body.id, body, ticket: reservation?.ticket ?? null, queuedAt: Date.now(), attempts: 0, nextAttemptAt: 0, lastError: null }),
    tx.done,
  ]);
  return reservation?.ticket ?? null;
}

/** A begun-and-left visit: only the step and time, so the dashboard can show completion. */
export async function enqueueAbandoned(step: string, productId: string | null, ageBand: string | null, id: string): Promise<void> {
  const db = await kioskDb();
  const body = { id, step, at: new Date().toISOString(), ...(productId ? { productId } : {}), ...(ageBand ? { ageBand } : {}) };
  await db.put('outbox', { id, path: '/kiosk/abandoned', body, ticket: null, queuedAt: Date.now(), attempts: 0, nextAttemptAt: 0, lastError: null });
}

export async function pendingCount(): Promise<number> {
  return (await kioskDb()).count('outbox');
}

/** Takes one reserved (visit id, ticket) pair, or null when the pool is empty. */
export async function takeReservation(): Promise<{ visitId: string; ticket: string } | null> {
  const db = await kioskDb();
  const tx = db.transaction('reservations', 'readwrite');
  const cursor = await tx.store.openCursor();
  if (!cursor) {
    await tx.done;
    return null;
  }
  const value = cursor.value;
  await cursor.delete();
  await tx.done;
  return value;
}

export async function addNote(note: SyncNote): Promise<void> {
  const db = await kioskDb();
  await db.add('notes', note);
  const keys = await db.getAllKeys('notes');
  for (const k of keys.slice(0, Math.max(0, keys.length - 50))) await db.delete('notes', k);
}

/** Forgets everything but the outbox, so unpairing never loses a child's visit. */
export async function forgetPairing(): Promise<void> {
  const db = await kioskDb();
  await db.delete('kv', 'pairing');
  await db.delete('kv', 'config');
  await db.clear('reservations');
}
