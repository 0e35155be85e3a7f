/**
 * What the kiosk tells the server about itself on every request (docs/KIOSK.md, "Fleet"):
 * its build (x-kiosk-version), its outbox (x-kiosk-pending) and its storage (x-kiosk-storage).
 * The storage estimate is read at most once a minute; it is never needed to answer a child.
 */
const STORAGE_EVERY_MS = 60_000;
let storage: { header: string | null; at: number } = { header: null, at: -Infinity };
let reading: Promise<void> | null = null;

export function storageHeader(used: number | undefined, quota: number | undefined, persisted: boolean | undefined): string | null {
  const parts: string[] = [];
  if (typeof used === 'number' && Number.isFinite(used) && used >= 0) parts.push(`used=${Math.round(used)}`);
  if (typeof quota === 'number' && Number.isFinite(quota) && quota >= 0) parts.push(`quota=${Math.round(quota)}`);
  if (typeof persisted === 'boolean') parts.push(`persisted=${persisted ? 1 : 0}`);
  return parts.length ? parts.join('; ') : null;
}

async function readStorage(): Promise<void> {
  const s = navigator.storage;
  if (!s?.estimate) return;
  const [estimate, persisted] = await Promise.all([s.estimate().catch(() => null), s.persisted ? s.persisted().catch(() => undefined) : Promise.resolve(undefined)]);
  storage = { header: storageHeader(estimate?.usage, estimate?.quota, persisted), at: Date.now() };
}

/** The x-kiosk-storage value (the last reading; a fresh one is started when it is a minute old). */
export async function currentStorageHeader(): Promise<string | null> {
  if (Date.now() - storage.at > STORAGE_EVERY_MS) {
    reading ??= readStorage().finally(() => (reading = null));
    // The first reading is awaited (a few ms); later ones refresh in the background.
    if (storage.header === null) await reading;
  }
  return storage.header;
}
