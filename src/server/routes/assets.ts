import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { toBuffer } from '../../db/database.ts';
import { findAsset } from '../../db/repositories/catalog.repository.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';

export const assetRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get<{ Params: { id: string } }>(
    '/assets/:id',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }) } },
    async (req, reply) => {
      const asset = await findAsset(ctx.db, req.params.id);
      if (!asset) throw notFound('no such picture');
      reply
        .type(asset.mime)
        .header('cache-control', 'public, max-age=31536000, immutable')
        // SVGs are catalog pictures, never documents: no script may run if one is opened directly.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      return reply.send(toBuffer(asset.bytes));
    },
  );
};
