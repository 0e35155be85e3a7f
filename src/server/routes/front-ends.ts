import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';

const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));

/** Serves the built front ends; hashed files are immutable, the shell and service worker are revalidated. */
export const frontEndRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app) => {
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/kiosk/'));
  app.get('/kiosk', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/kiosk/'));
  const kioskDir = DIST + 'kiosk';
  if (!existsSync(kioskDir)) {
    app.log.warn('dist/kiosk is missing: run "npm run build"');
    return;
  }
  await app.register(fastifyStatic, {
    root: kioskDir,
    prefix: '/kiosk/',
    index: ['index.html'],
    cacheControl: false,
    // scripts/build.mjs writes .br and .gz beside each file.
    preCompressed: true,
    setHeaders(res, path: string) {
      const hashed = /-[A-Z0-9]{8}\.(js|css)(\.br|\.gz)?$/.test(path);
      res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (path.endsWith('sw.js')) res.header('service-worker-allowed', '/kiosk/');
    },
  });
};
