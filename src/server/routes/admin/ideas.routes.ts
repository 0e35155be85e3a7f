import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { toBuffer } from '../../../db/database.ts';
import { ideaVoice, notifyIdeaShowrooms, searchIdeas, setTags, updateIdeas, type IdeaUpdate } from '../../../db/repositories/ideas.repository.ts';
import { audit } from '../../../db/repositories/staff.repository.ts';
import { FLOOD_MIN_SIZE } from '../../../core/near-duplicate/index.ts';
import { BulkIdeaChange, IdeaChange, IdeaPage, IdeaQuery } from '../../../shared/admin/ideas.ts';
import { showroomScope } from '../../auth/policy.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { badRequest, notFound } from '../../errors.ts';
import { ideaStates, publishIdeaChanges } from '../../services/domain-events.service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const errors = { '4xx': Type.Ref('Error') };

function checkChange(c: IdeaUpdate & { tags?: string[] }): void {
  if (c.moderation === 'rejected' && !c.reason?.trim()) throw badRequest('say why the idea is rejected (reason)');
  if (Object.values(c).every((v) => v === undefined)) throw badRequest('nothing to change');
}

export const ideaRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;

  app.get<{ Querystring: IdeaQuery }>(
    '/ideas',
    { onRequest: requireStaff(db, 'ideas.read'), schema: { tags: ['admin'], summary: 'Ideas inbox: filters, search, paging; gallery=true for the gallery', querystring: IdeaQuery, response: { 200: IdeaPage, ...errors } } },
    async (req) => {
      const pageSize = req.query.pageSize ?? 24;
      const page = req.query.page ?? 1;
      // The moderation queue leaves out flood clusters' ideas (listed once each by /ideas/clusters).
      const heldBack = req.query.heldBack ?? (req.query.moderation === 'pending' && !req.query.clusterId ? false : null);
      const rows = await searchIdeas(db, {
        ...req.query,
        heldBack,
        floodMinSize: FLOOD_MIN_SIZE,
        showroomIds: showroomScope(req.staff!, req.query.showroomId ? [req.query.showroomId] : undefined),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return {
        total: rows[0]?.total ?? 0,
        page,
        pageSize,
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          text: r.text,
          drawing: r.drawing ?? null,
          voiceUrl: r.media_id ? `/api/v1/admin/ideas/${r.id}/voice` : null,
          flags: r.flags,
          tags: r.tags,
          moderation: r.moderation,
          reason: r.moderation_reason,
          status: r.product_status,
          replyZh: r.reply_zh,
          replyEn: r.reply_en,
          createdAt: r.created_at.toISOString(),
          duplicateCluster: r.cluster_id && r.cluster_size !== null && r.cluster_size >= 2 ? { id: r.cluster_id, size: r.cluster_size } : null,
          visit: { showroom: r.showroom_slug, productId: r.product_id, product: r.product_key, ageBand: r.age_band, locale: r.locale, galleryConsent: r.consent_gallery },
        })),
      };
    },
  );

  app.patch<{ Params: { id: string }; Body: IdeaChange }>(
    '/ideas/:id',
    { onRequest: requireStaff(db, 'ideas.moderate'), schema: { tags: ['admin'], summary: 'Moderate, set product status, reply (zh/en), tag', params: IdParams, body: IdeaChange, response: errors } },
    async (req) => {
      checkChange(req.body);
      const { tags, ...change } = req.body;
      const [before, after] = await db.transaction(async (tx) => {
        const before = await ideaStates(tx, [req.params.id]);
        const updated = await updateIdeas(tx, [req.params.id], change);
        if (!updated.length) throw notFound('no such idea');
        if (tags) await setTags(tx, req.params.id, tags);
        await notifyIdeaShowrooms(tx, updated);
        await audit(tx, req.staff!.email, 'idea.updated', req.params.id, { ...req.body });
        return [before, await ideaStates(tx, updated)];
      });
      publishIdeaChanges(ctx.events, before, after);
      return { updated: 1 };
    },
  );

  app.post<{ Body: BulkIdeaChange }>(
    '/ideas/bulk',
    { onRequest: requireStaff(db, 'ideas.moderate'), schema: { tags: ['admin'], summary: 'Apply one change to many ideas', body: BulkIdeaChange, response: errors } },
    async (req) => {
      const { ids, ...change } = req.body;
      checkChange(change);
      const { updated, before, after } = await db.transaction(async (tx) => {
        const before = await ideaStates(tx, ids);
        const done = await updateIdeas(tx, ids, change);
        await notifyIdeaShowrooms(tx, done);
        await audit(tx, req.staff!.email, 'idea.bulk_updated', null, { ids: done, ...change });
        return { updated: done, before, after: await ideaStates(tx, done) };
      });
      publishIdeaChanges(ctx.events, before, after);
      return { updated: updated.length };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/ideas/:id/voice',
    { onRequest: requireStaff(db, 'ideas.read'), schema: { tags: ['admin'], summary: 'The voice recording of an idea', params: IdParams, response: { 200: { description: 'the recording, in its own audio type', content: { 'audio/*': { schema: Type.String({ format: 'binary' }) } } }, ...errors } } },
    async (req, reply) => {
      const voice = await ideaVoice(db, req.params.id);
      if (!voice) throw notFound('this idea has no voice recording (or it expired)');
      reply.type(voice.mime).header('cache-control', 'private, no-store');
      return reply.send(toBuffer(voice.bytes));
    },
  );
};
