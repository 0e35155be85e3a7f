/// <reference lib="webworker" />
import { precacheAndRoute, cleanupOutdatedCaches } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE__: Array<{ url: string; revision: string }>;

// The app shell: every file of this build, revisioned, so an update replaces it whole.
precacheAndRoute(__PRECACHE__.map((e) => ({ url: `/kiosk/${e.url}`, revision: e.revision })), { directoryIndex: 'index.html' });
cleanupOutdatedCaches();

// Catalog pictures are content-addressed: once fetched they never change, so the cache always wins.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/assets/'),
  new CacheFirst({ cacheName: 'catalog-assets', plugins: [new ExpirationPlugin({ maxEntries: 500 })] }),
);

// A new build installs and waits: the app activates it on the attract screen, never
// mid-visit (src/kiosk/lib/update.ts). The very first install activates at once.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
