import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.ts';

/** The staff dashboard's API (/api/v1/admin/…) and its page (/admin/). */
export const adminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
