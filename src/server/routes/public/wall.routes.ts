import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { showroomBySlug } from '../../../db/repositories/public.repository.ts';
import type { PublicAssets } from '../../../family/Layout.tsx';
import type { AppContext } from '../../context.ts';
import { ApiError, notFound } from '../../errors.ts';
import type { LiveHub } from '../../live/hub.ts';
import { WallSnapshot, WallTallies } from '../../live/wall-schema.ts';
import { wallSnapshot } from '../../live/wall.service.ts';
import { StreamSlots } from '../../live/stream-slots.ts';
import { installHtmlErrors, messagePage } from './pages.ts';

const WALL_DIST = fileURLToPath(new URL('../../../../dist/wall/', import.meta.url));
const ShowroomParams = Type.Object({ showroom: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }) });

/** The wall's JSON snapshot and its event stream, under /api/v1. */
export const wallApiRoutes: FastifyPluginAsync<{ ctx: AppContext; hub: LiveHub<WallTallies> }> = async (app, { ctx, hub }) => {
  app.addSchema(WallTallies);
  const slots = new StreamSlots(ctx.config.wallStreamsPerClient, ctx.config.wallStreamsPerShowroom);
  const errors = { '4xx': Type.Ref('Error') };

  app.get<{ Params: { showroom: string } }>(
    '/wall/:showroom',
    {
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: { summary: 'What a showroom wall shows now: today\'s tallies, approved drawings, the board\'s QR', tags: ['wall'], params: ShowroomParams, response: { 200: WallSnapshot, ...errors } },
    },
    async (req, reply) => {
      const showroom = await showroomBySlug(ctx.db, req.params.showroom);
      if (!showroom) throw notFound('no showroom has this name');
      reply.header('cache-control', 'no-store');
      return wallSnapshot(ctx.db, showroom, ctx.config.publicUrl);
    },
  );

  app.get<{ Params: { showroom: string } }>(
    '/wall/:showroom/events',
    {
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: {
        summary: 'Server-sent events: a "tallies" event ({seq, tallies}) at once and whenever a visit to this showroom is stored',
        tags: ['wall'],
        params: ShowroomParams,
        response: errors,
      },
    },
    async (req, reply) => {
      const showroom = await showroomBySlug(ctx.db, req.params.showroom);
      if (!showroom) throw notFound('no showroom has this name');
      if (hub.full) throw new ApiError(503, 'busy', 'this server has as many wall viewers as it takes: try again soon');
      const slot = slots.take(req.ip, showroom.id);
      if (slot === 'client') {
        reply.header('retry-after', '30');
        throw new ApiError(429, 'too_many_streams', `at most ${ctx.config.wallStreamsPerClient} live walls may be open from one address: close one first`);
      }
      if (slot === 'showroom') {
        reply.header('retry-after', '30');
        throw new ApiError(503, 'busy', 'this showroom has as many wall viewers as it takes: try again soon');
      }
      reply.raw.once('close', slot);
      reply.hijack();
      try {
        await hub.attach(showroom.id, reply.raw);
      } catch (err) {
        req.log.error({ err: String(err) }, 'wall stream failed');
        if (!reply.raw.headersSent) reply.raw.writeHead(503, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ error: { code: 'unavailable', message: 'live updates are not available right now' } }));
      }
    },
  );
};

/** The wall page (/wall/<showroom>): the built client app of src/wall/, and its files under /wall/. */
export const wallPageRoutes: FastifyPluginAsync<{ ctx: AppContext; assets: PublicAssets }> = async (app, { ctx, assets }) => {
  installHtmlErrors(app, assets, false);
  const built = existsSync(WALL_DIST + 'index.html');
  if (!built) app.log.warn('dist/wall is missing: run "npm run build"');
  else {
    await app.register(fastifyStatic, {
      root: WALL_DIST,
      prefix: '/',
      // One route per built file, so /wall/<showroom> stays free for the page.
      wildcard: false,
      index: false,
      decorateReply: false,
      cacheControl: false,
      setHeaders(res, path: string) {
        res.header('cache-control', /-[A-Z0-9]{8}\.(js|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const html = built ? readFileSync(WALL_DIST + 'index.html', 'utf8') : '';

  app.get<{ Params: { showroom: string } }>('/:showroom', { schema: { hide: true, params: ShowroomParams } }, async (req, reply) => {
    const showroom = await showroomBySlug(ctx.db, req.params.showroom);
    if (!showroom) return messagePage(req, reply, assets, 404, 'pageNotFound');
    if (!built) return messagePage(req, reply, assets, 503, 'error');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
};
