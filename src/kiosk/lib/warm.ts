import type { KioskConfig } from '../../shared/kiosk-config.ts';

/**
 * Fetches and decodes the pictures of the whole flow (avatars, cars, part icons, this-or-that pictures) while the attract
 * loop waits for a child, so a tap never waits for a download or an image decode on the next
 * screen (hand-over → avatars and car → explore, with its 1200×800 car picture, were the slowest
 * taps). The decoded images are held here so the browser keeps them; the set is small (a few
 * dozen pictures of one catalog) and replaced when the catalog changes.
 */
const held = new Map<string, HTMLImageElement>();

/** Runs fn when the main thread is idle (at the latest after 2 s), never in a tap's way. */
export function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2_000 });
  else setTimeout(fn, 200);
}

export function flowPictures(config: KioskConfig): string[] {
  const urls = new Set<string>();
  for (const a of config.avatars) if (a.picture) urls.add(a.picture);
  for (const p of config.products) {
    if (p.picture) urls.add(p.picture);
    for (const part of p.parts) if (part.icon) urls.add(part.icon);
    for (const pair of p.pairs) for (const side of [pair.a, pair.b]) if (side.picture) urls.add(side.picture);
  }
  return [...urls];
}

let lastUrls: string[] = [];
let watching = false;

export function warmPictures(urls: string[]): void {
  lastUrls = urls;
  // A picture fetched before the service worker took control of the page is not reused for the
  // <img> elements loaded through it afterwards (each new screen fetched and parsed its SVGs again,
  // up to 115 ms at 4× slowdown on the first this-or-that pair): warm again, through the worker,
  // when it takes control (right after pairing; the page is not reloaded then).
  if (!watching && typeof navigator !== 'undefined' && navigator.serviceWorker) {
    watching = true;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      held.clear();
      warmPictures(lastUrls);
    });
  }
  const wanted = new Set(urls);
  for (const url of held.keys()) if (!wanted.has(url)) held.delete(url);
  for (const url of urls) {
    if (held.has(url)) continue;
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    held.set(url, img);
    // decode() resolves once the picture is ready to paint; a failure only means it is decoded on the tap instead.
    img.decode().catch(() => {});
  }
}
