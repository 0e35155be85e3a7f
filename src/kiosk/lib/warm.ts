import type { KioskConfig } from '../../shared/kiosk-config.ts';

/**
 * Fetches and decodes the pictures of the whole flow (avatars, cars, part icons, this-or-that pictures) while the attract
 * loop waits for a child, so a tap never waits for a download or an image decode on the next
 * screen (hand-over → avatars and car → explore, with its 1200×800 car picture, were the slowest
 * taps). The decoded images are held here so the browser keeps them; the set is small (a few
 * dozen pictures of one catalog) and replaced when the catalog changes.
 */
const held = new Map<string, HTMLImageElement>();

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

export function warmPictures(urls: string[]): void {
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
