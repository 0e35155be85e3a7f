import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.ts';

/** Public surfaces for families and showroom visitors: /t/<ticket>, /heard/, /wall/<showroom>. */
export const publicSurfaceRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async () => {};
