import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { InsightFilter, LoveMap, LoveMapQuery, Overview } from '../../../shared/admin/insight.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { loveMap, overview, toScope } from '../../services/insight.service.ts';

const errors = { '4xx': Type.Ref('Error') };

export const insightRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: InsightFilter }>(
    '/insight/overview',
    { onRequest: requireStaff(ctx.db, 'insight.read'), schema: { tags: ['admin'], summary: 'Visits, completion and duration by day, showroom, age band and model', querystring: InsightFilter, response: { 200: Overview, ...errors } } },
    async (req) => {
      const scope = toScope(req.staff!, req.query);
      return ctx.insight.run('overview', null, scope, () => overview(ctx.db, scope));
    },
  );

  app.get<{ Querystring: LoveMapQuery }>(
    '/insight/love-map',
    { onRequest: requireStaff(ctx.db, 'insight.read'), schema: { tags: ['admin'], summary: "One model's love map: faces, top-two-box, favourites (Borda), this-or-that win rates, again?", querystring: LoveMapQuery, response: { 200: LoveMap, ...errors } } },
    async (req) => {
      const productId = req.query.productId.toLowerCase();
      const scope = toScope(req.staff!, req.query);
      return ctx.insight.run('love-map', productId, scope, () => loveMap(ctx.db, productId, scope));
    },
  );
};
