import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';

/** Serves the built front ends; hashed files are immutable, the shell and service worker are revalidated. */
export const frontEndRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/kiosk/'));
  app.get('/kiosk', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/kiosk/'));
  // KIOSK_DIST_DIR may point elsewhere (a symlink a deploy swaps); read at request time.
  const kioskDir = ctx.fleet.kioskDir;
  if (!existsSync(kioskDir)) {
    app.log.warn(`${kioskDir} is missing: run "npm run build"`);
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
