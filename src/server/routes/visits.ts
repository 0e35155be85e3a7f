import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { VisitAccepted, VisitInput } from '../../shared/visit.ts';
import { requireDevice } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { clientKey } from '../client-key.ts';
import { clockAheadProblem } from '../../core/visit-clock.ts';
import { unprocessable } from '../errors.ts';
import { publishVisitStored } from '../services/domain-events.service.ts';

/** Per kiosk (not per address: a showroom's tablets share one): an offline queue drains at this pace, a stolen token floods no faster. */
export const visitRateLimit = (ctx: AppContext) => ({ max: ctx.config.visitsPerDevicePerMinute, timeWindow: 60_000, keyGenerator: clientKey });

/** 422 clock_ahead: the kiosk keeps the visit and sends it again later (src/kiosk/lib/sync.ts). */
export function refuseFutureTimes(ctx: AppContext, times: Record<string, string>): void {
  const problem = clockAheadProblem(times, Date.now(), ctx.config.clockSkewMinutes * 60_000);
  if (problem) throw unprocessable(problem, 'clock_ahead');
}

export const visitRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post<{ Body: VisitInput }>(
    '/visits',
    {
      schema: {
        summary: 'Store one whole visit (idempotent by its id)',
        description:
          '201 when stored, 200 with the same ticket when this exact visit was stored before, 409 when another visit has this id, 410 when the family deleted it.',
        tags: ['kiosk'],
        security: [{ kioskToken: [] }],
        body: VisitInput,
        response: { 200: VisitAccepted, 201: VisitAccepted, '4xx': Type.Ref('Error') },
      },
      // Authenticate before the (up to 2 MB) body is parsed and validated; the limit then counts per device.
      onRequest: requireDevice(ctx.db),
      config: { rateLimit: visitRateLimit(ctx) },
    },
    async (req, reply) => {
      const device = req.device!;
      refuseFutureTimes(ctx, { startedAt: req.body.startedAt, completedAt: req.body.completedAt });
      const outcome = await ctx.visits.accept(device, req.body, req.log);
      // Only a visit stored now (201), never a replay; after the answer, so it delays nothing.
      if (outcome.created) {
        void publishVisitStored(ctx.db, ctx.events, outcome.visitId, device.showroom_id, req.body, outcome.ideaId).catch((err) => req.log.warn({ err: String(err) }, 'visit events not published'));
      }
      return reply.status(outcome.created ? 201 : 200).send({ visitId: outcome.visitId, ticket: outcome.ticket });
    },
  );
};
