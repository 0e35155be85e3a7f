import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { VisitAccepted, VisitInput } from '../../shared/visit.ts';
import { requireDevice } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';

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
      // Authenticate before the (up to 2 MB) body is parsed and validated.
      onRequest: requireDevice(ctx.db),
    },
    async (req, reply) => {
      const device = req.device!;
      const outcome = await ctx.visits.accept(device, req.body, req.log);
      return reply.status(outcome.created ? 201 : 200).send({ visitId: outcome.visitId, ticket: outcome.ticket });
    },
  );
};
