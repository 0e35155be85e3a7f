import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { inventory } from '../../db/repositories/inventory.repository.ts';
import { conflict, forbidden } from '../errors.ts';
import { createInvite, createStaffUser, issuePairingCode } from '../services/setup.service.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The CLI talks to a running server through these routes instead of opening its
 * PGlite directory (which would corrupt it). Loopback only, and the caller must
 * show the secret the server wrote into DATA_DIR, readable only by its owner.
 */
export const internalRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const guard = async (req: FastifyRequest) => {
    const given = req.headers['x-local-secret'];
    const ok =
      ctx.localSecret !== null &&
      LOOPBACK.has(req.socket.remoteAddress ?? '') &&
      typeof given === 'string' &&
      given.length === ctx.localSecret.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(ctx.localSecret));
    if (!ok) throw forbidden('local administration only');
  };
  const opts = { onRequest: guard, schema: { hide: true } };

  app.post<{ Body: { showroom: string } }>(
    '/internal/pairing-code',
    { ...opts, schema: { hide: true, body: Type.Object({ showroom: Type.String({ maxLength: 40 }) }, { additionalProperties: false }) } },
    async (req) => issuePairingCode(ctx.db, req.body.showroom),
  );

  app.post<{ Body: { email?: string; password?: string } }>(
    '/internal/create-admin',
    {
      ...opts,
      schema: {
        hide: true,
        body: Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })), password: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      if (req.body.email && req.body.password) {
        const id = await createStaffUser(ctx.db, { email: req.body.email, password: req.body.password, role: 'admin' });
        return { userId: id };
      }
      return { inviteToken: await createInvite(ctx.db, 'admin') };
    },
  );

  // PGlite only: a copy of the data directory taken by the process that holds it (backup command).
  app.post('/internal/backup', opts, async (_req, reply) => {
    if (!ctx.db.dumpDataDir) throw conflict('this server runs on PostgreSQL: back it up with DATABASE_URL set (pg_dump)');
    const tarball = await ctx.db.dumpDataDir();
    const { migrations } = await inventory(ctx.db);
    return reply.type('application/gzip').header('cache-control', 'no-store').header('x-migrations', migrations.join(',')).send(tarball);
  });
};
