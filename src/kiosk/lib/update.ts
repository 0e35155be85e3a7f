import { APP_VERSION } from './api-version.ts';

/**
 * A new kiosk build never interrupts a child (docs/KIOSK.md, "Updates"). Every answer from
 * the server names the current build (x-kiosk-current). When it differs from ours, the kiosk
 * asks the browser to fetch the new service worker, which installs and WAITS; the app then
 * activates it and reloads only on the attract screen, when no visit is in progress. Queued
 * visits live in IndexedDB and survive the reload.
 */
const RELOADED_FOR = 'la-kiosk-reloaded-for';
/** How often the attract screen asks for the new service worker when none has arrived yet. */
const RECHECK_MS = 60_000;
let waiting: string | null = null;
let lastCheck = 0;
const listeners = new Set<(v: string | null) => void>();

export function updateWaiting(): string | null {
  return waiting;
}

export function onUpdateWaiting(l: (v: string | null) => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  return navigator.serviceWorker.getRegistration('/kiosk/').catch(() => undefined);
}

/** Called with the x-kiosk-current header of every answer. */
export function noteCurrentVersion(current: string | null): void {
  if (!current || current === APP_VERSION || current === waiting) return;
  // We already reloaded once for this build and still run the old one (no new service worker
  // was served): do not reload in a loop; the next different build tries again.
  if (sessionStorage.getItem(RELOADED_FOR) === current) return;
  waiting = current;
  document.documentElement.dataset.updateWaiting = current;
  for (const l of listeners) l(current);
  lastCheck = Date.now();
  void registration().then((r) => r?.update().catch(() => undefined));
}

/**
 * Activates the waiting build and reloads. Call only on the attract screen. Returns false
 * while the new service worker is still downloading (call again later).
 */
export async function applyUpdate(): Promise<boolean> {
  if (!waiting) return false;
  const target = waiting;
  const reg = await registration();
  const controlled = Boolean(navigator.serviceWorker?.controller);
  if (reg && controlled) {
    if (reg.installing) return false;
    if (!reg.waiting) {
      // Not found yet: ask again now and then; without a new worker there is nothing to activate
      // (the server names a build it does not serve): keep running this one, no reload.
      if (Date.now() - lastCheck >= RECHECK_MS) {
        lastCheck = Date.now();
        await reg.update().catch(() => undefined);
      }
      if (!reg.waiting) return false;
    }
    sessionStorage.setItem(RELOADED_FOR, target);
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    reg.waiting.postMessage({ type: 'SKIP_WAITING' });
    return true;
  }
  // No service worker (not a secure context): the next load comes from the server anyway.
  sessionStorage.setItem(RELOADED_FOR, target);
  location.reload();
  return true;
}
