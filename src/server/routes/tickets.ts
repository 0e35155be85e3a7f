import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { normalizeTicket, ticketHash } from '../../core/ticket.ts';
import { toBuffer } from '../../db/database.ts';
import {
  deleteVisit,
  findMedia,
  findVisitByTicketHash,
  isTicketTombstoned,
  visitAnswers,
  type VisitByTicket,
} from '../../db/repositories/visits.repository.ts';
import { TicketView } from '../../shared/tickets.ts';
import type { AppContext } from '../context.ts';
import { badRequest, gone, notFound } from '../errors.ts';
import { presentTicket } from '../presenters/ticket.presenter.ts';
import { visitIdHash } from '../services/visit.service.ts';

const TicketParams = Type.Object({ ticket: Type.String({ maxLength: 64 }) });

export const ticketRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const limit = { rateLimit: { max: ctx.config.ticketLookupsPerMinute, timeWindow: 60_000 } };

  async function resolve(req: FastifyRequest<{ Params: { ticket: string } }>): Promise<{ ticket: string; hash: Buffer; visit: VisitByTicket }> {
    const normalized = normalizeTicket(req.params.ticket);
    if (!normalized) throw badRequest('a ticket code has 10 letters and digits, like K7Q2M-9XFD4', 'invalid_ticket');
    const hash = ticketHash(normalized);
    const visit = await findVisitByTicketHash(ctx.db, hash);
    if (visit) return { ticket: `${normalized.slice(0, 5)}-${normalized.slice(5)}`, hash, visit };
    if (await isTicketTombstoned(ctx.db, hash)) throw gone('everything about this visit was deleted at the family\'s request');
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
      const { hash, visit } = await resolve(req);
      await ctx.db.transaction(async (tx) => {
        await deleteVisit(tx, visit.id, visitIdHash(visit.id), hash);
        await tx.query(`insert into audit_log (actor, action) values ('family', 'visit.deleted')`);
      });
      return reply.status(200).send({ deleted: true, message: 'everything about this visit was deleted' });
    },
  );
};
