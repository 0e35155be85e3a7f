import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { approvedIdeas, productsWithApprovedIdeas } from '../../../db/repositories/public.repository.ts';
import type { PublicLocale } from '../../../family/i18n.ts';
import { renderPage, type PublicAssets } from '../../../family/Layout.tsx';
import { BoardPage } from '../../../heard/BoardPage.tsx';
import type { AppContext } from '../../context.ts';
import { installHtmlErrors, pageLocale, sendHtml } from './pages.ts';

export const BOARD_PAGE_SIZE = 12;
const MAX_PAGE = 500;

const BoardQuery = Type.Object({
  lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
  model: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
});

/** "You said, we did" (/heard/): approved ideas and the team's replies, newest first, paged. */
export const boardRoutes: FastifyPluginAsync<{ ctx: AppContext; assets: PublicAssets }> = async (app, { ctx, assets }) => {
  installHtmlErrors(app, assets, false);
  app.get<{ Querystring: { lang?: PublicLocale; model?: string; page?: number } }>(
    '/',
    {
      config: { rateLimit: { max: 300, timeWindow: 60_000 } },
      schema: { hide: true, querystring: BoardQuery },
    },
    async (req, reply) => {
      if (!req.url.startsWith('/heard/')) return reply.redirect(`/heard/${req.url.slice('/heard'.length)}`, 301);
      const locale = pageLocale(req);
      const page = req.query.page ?? 1;
      const model = req.query.model ?? null;
      const [products, board] = await Promise.all([
        productsWithApprovedIdeas(ctx.db),
        approvedIdeas(ctx.db, { productKey: model, offset: (page - 1) * BOARD_PAGE_SIZE, limit: BOARD_PAGE_SIZE }),
      ]);
      const html = renderPage(BoardPage({ locale, assets, ideas: board.ideas, products, model, page, hasMore: board.hasMore }));
      reply.header('vary', 'accept-language');
      return sendHtml(reply, 200, html, 'public, max-age=30');
    },
  );
};
