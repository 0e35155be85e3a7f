import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { dataRoutes } from './data.routes.ts';
import { exportRoutes } from './export.routes.ts';
import { ideaRoutes } from './ideas.routes.ts';
import { insightRoutes } from './insight.routes.ts';
import { sessionRoutes } from './session.routes.ts';
import { showroomRoutes } from './showrooms.routes.ts';

/** The staff dashboard's API (/api/v1/admin/…) and its page (/admin/). */
export const adminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(cookie);
  await app.register(
    async (api) => {
      api.addHook('onSend', async (_req, reply) => {
        reply.header('cache-control', 'private, no-store');
      });
      for (const routes of [sessionRoutes, showroomRoutes, insightRoutes, ideaRoutes, exportRoutes, catalogRoutes, dataRoutes]) {
        await api.register(routes, { ctx });
      }
    },
    { prefix: '/api/v1/admin' },
  );
};
