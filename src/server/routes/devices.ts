import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { normalizePairingCode, pairingCodeHash } from '../../core/pairing-code.ts';
import { consumePairingCode, insertDevice } from '../../db/repositories/devices.repository.ts';
import { PairRequest, PairResponse } from '../../shared/devices.ts';
import { deviceTokenHash } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';

export const deviceRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post<{ Body: PairRequest }>(
    '/devices/pair',
    {
      config: { rateLimit: { max: ctx.config.pairAttemptsPerMinute, timeWindow: 60_000 } },
      schema: {
        summary: 'Pair a kiosk tablet with a one-time pairing code',
        tags: ['kiosk'],
        body: PairRequest,
        response: { 201: PairResponse, '4xx': Type.Ref('Error') },
      },
    },
    async (req, reply) => {
      const code = normalizePairingCode(req.body.code);
      const invalid = new ApiError(400, 'invalid_pairing_code', 'this pairing code is unknown, already used or expired: ask for a new one in the dashboard');
      if (!code) throw invalid;
      const token = randomBytes(32).toString('base64url');
      const result = await ctx.db.transaction(async (tx) => {
        const showroomId = await consumePairingCode(tx, pairingCodeHash(code));
        if (!showroomId) return null;
        const deviceId = await insertDevice(tx, { showroomId, name: req.body.name.trim() || 'kiosk', tokenHash: deviceTokenHash(token), codeHash: pairingCodeHash(code) });
        const { rows } = await tx.query<{ slug: string; name_en: string; name_zh: string }>('select slug, name_en, name_zh from showrooms where id = $1', [showroomId]);
        await tx.query(`insert into audit_log (actor, action, target) values ('kiosk', 'device.paired', $1)`, [deviceId]);
        return { deviceId, showroom: rows[0]! };
      });
      if (!result) throw invalid;
      return reply.status(201).send({
        deviceId: result.deviceId,
        token,
        showroom: { slug: result.showroom.slug, name: result.showroom.name_en },
      });
    },
  );
};
