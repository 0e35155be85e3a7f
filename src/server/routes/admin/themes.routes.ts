import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Themes, ThemesQuery } from '../../../shared/admin/themes.ts';
import { can } from '../../auth/policy.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { forbidden } from '../../errors.ts';
import { toScope } from '../../services/insight.service.ts';
import { themes } from '../../services/themes.service.ts';

const errors = { '4xx': Type.Ref('Error') };

/** Themes are insight and also the inbox's: readers of either may see them. */
async function insightOrIdeas(req: FastifyRequest): Promise<void> {
  const role = req.staff!.role;
  if (!can(role, 'insight.read') && !can(role, 'ideas.read')) throw forbidden(`your role (${role}) may not do this`);
}

export const themeRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: ThemesQuery }>(
    '/insight/themes',
    {
      onRequest: requireStaff(ctx.db, null),
      preHandler: insightOrIdeas,
      schema: { tags: ['admin'], summary: "What one model's ideas are about: themes with counts, the previous period's counts, linked parts", querystring: ThemesQuery, response: { 200: Themes, ...errors } },
    },
    async (req) => themes(ctx.db, req.query.productId.toLowerCase(), toScope(req.staff!, req.query), req.query.limit),
  );
};
