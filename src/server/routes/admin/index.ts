import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { requireSameOrigin } from '../../auth/same-origin.ts';
import type { AppContext } from '../../context.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { dataRoutes } from './data.routes.ts';
import { exportRoutes } from './export.routes.ts';
import { ideaRoutes } from './ideas.routes.ts';
import { ideaClusterRoutes } from './idea-clusters.routes.ts';
import { insightRoutes } from './insight.routes.ts';
import { inviteRoutes } from './invites.routes.ts';
import { partSynonymRoutes } from './part-synonyms.routes.ts';
import { sessionRoutes } from './session.routes.ts';
import { showroomRoutes } from './showrooms.routes.ts';
import { themeRoutes } from './themes.routes.ts';
import { webhookRoutes } from './webhooks.routes.ts';

const ADMIN_DIST = fileURLToPath(new URL('../../../../dist/admin/', import.meta.url));

/** The staff dashboard's API (/api/v1/admin/…) and its page (/admin/). */
export const adminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(cookie);
  await app.register(
    async (api) => {
      // CSRF: every state-changing staff request, signed in or not (sign-in too), must come from our pages.
      api.addHook('onRequest', requireSameOrigin(ctx.config.publicUrl));
      api.addHook('onSend', async (_req, reply) => {
        reply.header('cache-control', 'private, no-store');
      });
      for (const routes of [sessionRoutes, showroomRoutes, insightRoutes, ideaRoutes, exportRoutes, catalogRoutes, dataRoutes, ideaClusterRoutes]) {
        await api.register(routes, { ctx });
      }
      for (const routes of [themeRoutes, partSynonymRoutes, inviteRoutes]) await api.register(routes, { ctx });
      await api.register(webhookRoutes, { ctx });
    },
    { prefix: '/api/v1/admin' },
  );

  // The built dashboard (src/admin → dist/admin): hashed bundles are immutable, the shell is revalidated.
  app.get('/admin', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/admin/'));
  if (!existsSync(ADMIN_DIST + 'index.html')) {
    app.log.warn('dist/admin is missing: run "npm run build"');
    return;
  }
  await app.register(fastifyStatic, {
    root: ADMIN_DIST,
    prefix: '/admin/',
    index: ['index.html'],
    preCompressed: true,
    decorateReply: false,
    cacheControl: false,
    setHeaders(res, path: string) {
      res.header('cache-control', /-[A-Z0-9]{8}\.(js|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};
