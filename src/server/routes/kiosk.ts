import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { currentConsentText, latestActivityVersion, listAvatars } from '../../db/repositories/catalog.repository.ts';
import { insertAbandonedVisit } from '../../db/repositories/visits.repository.ts';
import { randomUUID } from 'node:crypto';
import { AbandonedVisit, KioskConfig, TicketReservations } from '../../shared/kiosk-config.ts';
import { requireDevice } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { refuseFutureTimes, visitRateLimit } from './visits.ts';
import { ApiError } from '../errors.ts';
import { presentKioskConfig } from '../presenters/kiosk-config.presenter.ts';

export const kioskRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/kiosk/config',
    {
      schema: {
        summary: "The showroom's published activity, avatars and consent text, in zh-CN and en",
        tags: ['kiosk'],
        security: [{ kioskToken: [] }],
        response: { 200: KioskConfig, '4xx': Type.Ref('Error') },
      },
      // Authenticated before the default limit counts, so it counts per kiosk.
      onRequest: requireDevice(ctx.db),
    },
    async (req, reply) => {
      const device = req.device!;
      const version = await latestActivityVersion(ctx.db);
      const activity = version === null ? null : await ctx.activities.activity(version);
      if (!activity) throw new ApiError(503, 'no_activity', 'no activity is published yet: publish the catalog in the dashboard');
      // The newest consent text, not the activity's: a new wording (a migration) reaches
      // kiosks without republishing the catalog, and each visit records the version it showed.
      const consent = await currentConsentText(ctx.db);
      const config = presentKioskConfig({
        showroom: { id: device.showroom_id, slug: device.showroom_slug, name_zh: device.showroom_name_zh, name_en: device.showroom_name_en },
        activity: activity.contents,
        floor: await ctx.activities.floor(device.showroom_id),
        avatars: await listAvatars(ctx.db),
        consent: consent ?? { version: activity.contents.consentVersion, text_zh: '', text_en: '', covers: [], toggles: null },
        privacyContact: ctx.config.privacyContact,
        publicUrl: ctx.config.publicUrl,
      });
      const body = JSON.stringify(config);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Authorization');
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  /**
   * Visit ids with their tickets, handed out ahead so a kiosk can print a certificate
   * while offline. Nothing is stored: the ticket is derived from the id.
   */
  app.get<{ Querystring: { count?: number } }>(
    '/kiosk/tickets',
    {
      schema: {
        summary: 'Reserve visit ids and their ticket codes for offline use',
        tags: ['kiosk'],
        security: [{ kioskToken: [] }],
        querystring: Type.Object({ count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false }),
        response: { 200: TicketReservations, '4xx': Type.Ref('Error') },
      },
      onRequest: requireDevice(ctx.db),
    },
    async (req, reply) => {
      const count = req.query.count ?? 20;
      reply.header('cache-control', 'no-store');
      return {
        reservations: Array.from({ length: count }, () => {
          const visitId = randomUUID();
          return { visitId, ticket: ctx.visits.ticketFor(visitId) };
        }),
      };
    },
  );

  /** A visit a child began and left (idle reset): no answers, only where it stopped, for the completion rate. */
  app.post<{ Body: AbandonedVisit }>(
    '/kiosk/abandoned',
    {
      schema: {
        summary: 'Report a visit that was begun and discarded (idle)',
        tags: ['kiosk'],
        security: [{ kioskToken: [] }],
        body: AbandonedVisit,
        response: { '4xx': Type.Ref('Error') },
      },
      onRequest: requireDevice(ctx.db),
      config: { rateLimit: visitRateLimit(ctx) },
    },
    async (req, reply) => {
      const device = req.device!;
      const at = Date.parse(req.body.at);
      if (!Number.isFinite(at)) throw new ApiError(400, 'validation_failed', 'at must be a date-time');
      refuseFutureTimes(ctx, { at: req.body.at });
      const stored = await insertAbandonedVisit(ctx.db, {
        id: req.body.id.toLowerCase(), deviceId: device.id, showroomId: device.showroom_id, productId: req.body.productId ?? null,
        ageBand: req.body.ageBand ?? null, step: req.body.step, at: new Date(at).toISOString(),
      });
      return reply.status(stored ? 201 : 200).send({ stored: true });
    },
  );
};
