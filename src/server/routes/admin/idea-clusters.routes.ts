import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { FLOOD_MIN_SIZE } from '../../../core/near-duplicate/index.ts';
import { clusterShowroom, heldBackClusters, rejectCluster } from '../../../db/repositories/idea-clusters.repository.ts';
import { notifyIdeaShowrooms } from '../../../db/repositories/ideas.repository.ts';
import { audit } from '../../../db/repositories/staff.repository.ts';
import { ClusterPage, ClusterQuery, ClusterReject } from '../../../shared/admin/ideas.ts';
import { showroomScope } from '../../auth/policy.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const errors = { '4xx': Type.Ref('Error') };

/** Flood clusters: held back from the moderation queue as one entry each, rejected in one action. */
export const ideaClusterRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;

  app.get<{ Querystring: ClusterQuery }>(
    '/ideas/clusters',
    {
      onRequest: requireStaff(db, 'ideas.read'),
      schema: {
        tags: ['admin'],
        summary: 'Near-duplicate clusters held back from the moderation queue (a kiosk flooding near-identical ideas)',
        querystring: ClusterQuery,
        response: { 200: ClusterPage, ...errors },
      },
    },
    async (req) => {
      const pageSize = req.query.pageSize ?? 24;
      const page = req.query.page ?? 1;
      const rows = await heldBackClusters(db, {
        minSize: FLOOD_MIN_SIZE,
        showroomIds: showroomScope(req.staff!, undefined),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return {
        total: rows[0]?.total ?? 0,
        page,
        pageSize,
        minSize: FLOOD_MIN_SIZE,
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          size: r.size,
          pending: r.pending,
          status: r.status,
          device: { id: r.device_id, name: r.device_name },
          showroom: { id: r.showroom_id, slug: r.showroom_slug },
          firstAt: r.first_at.toISOString(),
          lastAt: r.last_at.toISOString(),
          sample: { text: r.sample_text, drawing: r.sample_drawing ?? null },
        })),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: ClusterReject }>(
    '/ideas/clusters/:id/reject',
    {
      onRequest: requireStaff(db, 'ideas.moderate'),
      schema: { tags: ['admin'], summary: 'Reject every idea of a near-duplicate cluster, with one reason', params: IdParams, body: ClusterReject, response: errors },
    },
    async (req) => {
      const showroom = await clusterShowroom(db, req.params.id);
      const scope = showroomScope(req.staff!, undefined);
      // Out of scope reads as unknown: a cluster id must not reveal another showroom's floods.
      if (!showroom || (scope && !scope.includes(showroom))) throw notFound('no such cluster');
      const reason = req.body.reason.trim();
      const ids = await db.transaction(async (tx) => {
        const done = await rejectCluster(tx, req.params.id, reason, req.staff!.email);
        await notifyIdeaShowrooms(tx, done);
        await audit(tx, req.staff!.email, 'idea.cluster_rejected', req.params.id, { reason, ids: done });
        return done;
      });
      return { updated: ids.length };
    },
  );
};
