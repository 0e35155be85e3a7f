import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { toBuffer } from '../../db/database.ts';
import { findMedia, visitAnswers } from '../../db/repositories/visits.repository.ts';
import { TicketView } from '../../shared/tickets.ts';
import type { AppContext } from '../context.ts';
import { badRequest, gone, notFound } from '../errors.ts';
import { presentTicket } from '../presenters/ticket.presenter.ts';
import { eraseVisit, lookupTicket, type TicketFound } from '../services/ticket.service.ts';

const TicketParams = Type.Object({ ticket: Type.String({ maxLength: 64 }) });

export const ticketRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const limit = { rateLimit: { max: ctx.config.ticketLookupsPerMinute, timeWindow: 60_000 } };

  async function resolve(req: FastifyRequest<{ Params: { ticket: string } }>): Promise<TicketFound> {
    const found = await lookupTicket(ctx.db, req.params.ticket);
    if (found.kind === 'found') return found;
    if (found.kind === 'malformed') throw badRequest('a ticket code has 10 letters and digits, like K7Q2M-9XFD4', 'invalid_ticket');
    if (found.kind === 'deleted') throw gone('everything about this visit was deleted at the family\'s request');
    throw notFound('no visit has this ticket code: check the code on the certificate');
  }

  const errors = { '4xx': Type.Ref('Error') };

  app.get<{ Params: { ticket: string } }>(
    '/tickets/:ticket',
    { config: limit, schema: { summary: 'What the family page shows', tags: ['family'], params: TicketParams, response: { 200: TicketView, ...errors } } },
    async (req, reply) => {
      const { ticket, visit } = await resolve(req);
      reply.header('cache-control', 'no-store');
      return presentTicket(ticket, visit, await visitAnswers(ctx.db, visit.id));
    },
  );

  app.get<{ Params: { ticket: string } }>(
    '/tickets/:ticket/export',
    { config: limit, schema: { summary: 'Everything stored about the visit, as JSON', tags: ['family'], params: TicketParams, response: errors } },
    async (req, reply) => {
      const { ticket, visit } = await resolve(req);
      const answers = await visitAnswers(ctx.db, visit.id);
      const view = presentTicket(ticket, visit, answers);
      let voice = null;
      if (answers.idea?.media_id) {
        const media = await findMedia(ctx.db, answers.idea.media_id);
        if (media) voice = { mime: media.mime, durationMs: media.duration_ms, audio: toBuffer(media.bytes).toString('base64') };
      }
      reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="little-advisors-${ticket}.json"`);
      return { exportedAt: new Date().toISOString(), visit: { ...view, nickname: visit.nickname, voice } };
    },
  );

  app.delete<{ Params: { ticket: string } }>(
    '/tickets/:ticket',
    { config: limit, schema: { summary: 'Delete everything about the visit, at once', tags: ['family'], params: TicketParams, response: errors } },
    async (req, reply) => {
      await eraseVisit(ctx.db, await resolve(req));
      return reply.status(200).send({ deleted: true, message: 'everything about this visit was deleted' });
    },
  );
};
