import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { normalizeTicket } from '../../../core/ticket.ts';
import { visitAnswers } from '../../../db/repositories/visits.repository.ts';
import { certificatePdf } from '../../../family/certificate-pdf.ts';
import { ConfirmDeletePage, FamilyPage } from '../../../family/FamilyPage.tsx';
import { asLocale, type PublicLocale } from '../../../family/i18n.ts';
import { renderPage, type PublicAssets } from '../../../family/Layout.tsx';
import { qrPath } from '../../../family/qr.ts';
import type { AppContext } from '../../context.ts';
import { presentTicket } from '../../presenters/ticket.presenter.ts';
import { retentionSettings } from '../../services/retention.service.ts';
import { eraseVisit, lookupTicket, type TicketFound, type TicketLookup } from '../../services/ticket.service.ts';
import { installHtmlErrors, messagePage, pageLocale, sendHtml } from './pages.ts';

const Lang = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
const TicketParams = Type.Object({ ticket: Type.String({ maxLength: 64 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Lang) });
const DeleteForm = Type.Object({ confirm: Type.Literal('yes'), lang: Type.Optional(Lang) }, { additionalProperties: false });
const CodeQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 64 })), lang: Type.Optional(Lang) });

type Found = TicketFound;
type Lookup = TicketLookup;

/**
 * The family page behind the certificate's QR code (/t/<ticket>): server-rendered HTML,
 * one small stylesheet, one tiny script (the print button). Data rights: the JSON export
 * (the API's) and deletion through a confirm page and a plain form POST.
 */
export const familyRoutes: FastifyPluginAsync<{ ctx: AppContext; assets: PublicAssets }> = async (app, { ctx, assets }) => {
  const limit = { rateLimit: { max: ctx.config.ticketLookupsPerMinute, timeWindow: 60_000 } };
  installHtmlErrors(app, assets, true);
  // The delete form is the only body these pages take: a tiny urlencoded form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const lookup = (raw: string): Promise<Lookup> => lookupTicket(ctx.db, raw);

  /** The friendly page for anything but a found visit. */
  function notFound(req: FastifyRequest, reply: FastifyReply, found: Exclude<Lookup, Found>): FastifyReply {
    if (found.kind === 'malformed') return messagePage(req, reply, assets, 400, 'malformed', { codeForm: true });
    if (found.kind === 'deleted') return messagePage(req, reply, assets, 410, 'deleted');
    return messagePage(req, reply, assets, 404, 'notFound', { codeForm: true });
  }

  const canonical = (ticket: string, locale: PublicLocale | undefined, suffix = '') => `/t/${ticket}${suffix}${locale ? `?lang=${locale}` : ''}`;

  // The little form on the error pages: /t/?code=… → /t/<code>.
  app.get<{ Querystring: { code?: string; lang?: PublicLocale } }>('/', { config: limit, schema: { hide: true, querystring: CodeQuery } }, async (req, reply) => {
    const code = normalizeTicket(req.query.code ?? '');
    if (!code) return messagePage(req, reply, assets, req.query.code ? 400 : 200, req.query.code ? 'malformed' : 'notFound', { codeForm: true });
    return reply.redirect(canonical(`${code.slice(0, 5)}-${code.slice(5)}`, req.query.lang), 303);
  });

  app.get<{ Params: { ticket: string }; Querystring: { lang?: PublicLocale } }>(
    '/:ticket',
    { config: limit, schema: { hide: true, params: TicketParams, querystring: LangQuery } },
    async (req, reply) => {
      const found = await lookup(req.params.ticket);
      if (found.kind !== 'found') return notFound(req, reply, found);
      const locale = pageLocale(req, found.visit.locale);
      const view = presentTicket(found.ticket, found.visit, await visitAnswers(ctx.db, found.visit.id));
      const path = `/t/${found.ticket}`;
      const r = await retentionSettings(ctx.db);
      const privacy = { contact: ctx.config.privacyContact, voiceDays: r.voiceDays, ideaDays: r.drawingDays };
      const html = renderPage(FamilyPage({ view, locale, assets, qr: qrPath(`${ctx.config.publicUrl}${path}`), path, privacy }));
      return sendHtml(reply, 200, html);
    },
  );

  app.get<{ Params: { ticket: string }; Querystring: { lang?: PublicLocale } }>(
    '/:ticket/certificate.pdf',
    { config: limit, schema: { hide: true, params: TicketParams, querystring: LangQuery } },
    async (req, reply) => {
      const found = await lookup(req.params.ticket);
      if (found.kind !== 'found') return notFound(req, reply, found);
      const locale = pageLocale(req, found.visit.locale);
      const view = presentTicket(found.ticket, found.visit, await visitAnswers(ctx.db, found.visit.id));
      const link = `${ctx.config.publicUrl}/t/${found.ticket}`;
      const pdf = await certificatePdf(view, locale, qrPath(link), link);
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="little-advisors-${found.ticket}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get<{ Params: { ticket: string }; Querystring: { lang?: PublicLocale } }>(
    '/:ticket/delete',
    { config: limit, schema: { hide: true, params: TicketParams, querystring: LangQuery } },
    async (req, reply) => {
      const found = await lookup(req.params.ticket);
      if (found.kind !== 'found') return notFound(req, reply, found);
      const locale = pageLocale(req, found.visit.locale);
      return sendHtml(reply, 200, renderPage(ConfirmDeletePage({ locale, assets, path: `/t/${found.ticket}`, ticket: found.ticket })));
    },
  );

  app.post<{ Params: { ticket: string }; Body: { confirm: 'yes'; lang?: PublicLocale } }>(
    '/:ticket/delete',
    { config: limit, schema: { hide: true, params: TicketParams, body: DeleteForm } },
    async (req, reply) => {
      const found = await lookup(req.params.ticket);
      const locale = asLocale(req.body.lang) ?? undefined;
      // Deleting twice (a double tap, the back button) lands on the same "deleted" page.
      if (found.kind === 'deleted') return reply.redirect(canonical(req.params.ticket, locale), 303);
      if (found.kind !== 'found') return notFound(req, reply, found);
      await eraseVisit(ctx.db, found);
      return reply.redirect(canonical(found.ticket, locale), 303);
    },
  );
};
