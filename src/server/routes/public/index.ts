import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.ts';
import { LiveHub } from '../../live/hub.ts';
import type { WallTallies } from '../../live/wall-schema.ts';
import { computeTallies } from '../../live/wall.service.ts';
import { boardRoutes } from './board.routes.ts';
import { familyRoutes } from './family.routes.ts';
import { publicStaticFiles } from './pages.ts';
import { wallApiRoutes, wallPageRoutes } from './wall.routes.ts';

/** Public surfaces for families and showroom visitors: /t/<ticket>, /heard/, /wall/<showroom>. */
export const publicSurfaceRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { assets, files } = publicStaticFiles();
  for (const f of files) {
    app.get(f.url, { schema: { hide: true } }, async (_req, reply) =>
      reply.type(f.type).header('cache-control', 'public, max-age=31536000, immutable').send(f.body),
    );
  }

  const hub = new LiveHub<WallTallies>(ctx.db, (showroomId) => computeTallies(ctx.db, showroomId), { log: app.log });
  // Before the server stops accepting: open event streams would otherwise hold app.close() (and SIGTERM) open.
  app.addHook('preClose', async () => hub.close());
  app.metrics.observeStreams(() => hub.clients);

  await app.register(familyRoutes, { ctx, assets, prefix: '/t' });
  await app.register(boardRoutes, { ctx, assets, prefix: '/heard' });
  await app.register(wallPageRoutes, { ctx, assets, prefix: '/wall' });
  await app.register(wallApiRoutes, { ctx, hub, prefix: '/api/v1' });
};
