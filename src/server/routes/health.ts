import type { FastifyPluginAsync } from 'fastify';
import { pendingMigrations } from '../../db/migrate.ts';
import type { AppContext } from '../context.ts';

export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', version: ctx.version }));

  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      const pending = await pendingMigrations(ctx.db);
      if (pending.length > 0) return reply.status(503).send({ status: 'not_ready', reason: `migrations pending: ${pending.join(', ')}` });
      return { status: 'ready', engine: ctx.db.engine };
    } catch (err) {
      return reply.status(503).send({ status: 'not_ready', reason: 'database unreachable' });
    }
  });
};
