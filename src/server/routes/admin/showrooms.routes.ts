import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { revokeDevice } from '../../../db/repositories/devices.repository.ts';
import { changeDevice, deviceAuthCache, notifyDeviceChanged } from '../../auth/device-cache.ts';
import {
  deviceShowroom,
  existingProducts,
  insertShowroom,
  listShowroomNames,
  listShowroomsWithDevices,
  renameDevice,
  setFloor,
  updateShowroomNames,
} from '../../../db/repositories/admin-showrooms.repository.ts';
import { audit } from '../../../db/repositories/staff.repository.ts';
import { DevicePatch, PairingCodeView, ShowroomInput, ShowroomNames, ShowroomPatch, ShowroomView } from '../../../shared/admin/showrooms.ts';
import { showroomScope, type StaffUser } from '../../auth/policy.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import { issuePairingCode } from '../../services/setup.service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const errors = { '4xx': Type.Ref('Error') };

function assertOwnShowroom(user: StaffUser, showroomId: string): void {
  const scope = showroomScope(user, undefined);
  if (scope && !scope.includes(showroomId)) throw forbidden('you may only manage your own showroom');
}

export const showroomRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;

  app.get('/showrooms', { onRequest: requireStaff(db, 'showrooms.read'), schema: { tags: ['admin'], summary: 'Showrooms with their floors and kiosks', response: { 200: Type.Array(ShowroomView), ...errors } } }, async (req) =>
    listShowroomsWithDevices(db, showroomScope(req.staff!, undefined), ctx.fleet),
  );

  app.get(
    '/showrooms/names',
    {
      onRequest: requireStaff(db, 'showrooms.list'),
      schema: { tags: ['admin'], summary: 'Showroom ids and names only, for filters (every role; a showroom manager gets their own)', response: { 200: ShowroomNames, ...errors } },
    },
    async (req) => listShowroomNames(db, showroomScope(req.staff!, undefined)),
  );

  async function checkProducts(ids: string[]) {
    const known = await existingProducts(db, ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new ApiError(422, 'unknown_reference', `unknown car model(s): ${unknown.join(', ')}`);
  }

  app.post<{ Body: ShowroomInput }>(
    '/showrooms',
    { onRequest: requireStaff(db, 'showrooms.write'), schema: { tags: ['admin'], summary: 'Create a showroom', body: ShowroomInput, response: errors } },
    async (req, reply) => {
      await checkProducts(req.body.productIds);
      const id = await db.transaction(async (tx) => {
        const created = await insertShowroom(tx, req.body);
        if (!created) throw conflict(`a showroom with slug "${req.body.slug}" already exists`);
        await setFloor(tx, created, req.body.productIds);
        await audit(tx, req.staff!.email, 'showroom.created', req.body.slug, { ...req.body });
        return created;
      });
      ctx.activities.invalidate();
      return reply.status(201).send({ id });
    },
  );

  app.patch<{ Params: { id: string }; Body: ShowroomPatch }>(
    '/showrooms/:id',
    { onRequest: requireStaff(db, 'showrooms.write'), schema: { tags: ['admin'], summary: 'Rename a showroom or change its floor', params: IdParams, body: ShowroomPatch, response: errors } },
    async (req) => {
      if (req.body.productIds) await checkProducts(req.body.productIds);
      await db.transaction(async (tx) => {
        if (!(await updateShowroomNames(tx, req.params.id, req.body.nameZh, req.body.nameEn))) throw notFound('no such showroom');
        if (req.body.productIds) await setFloor(tx, req.params.id, req.body.productIds);
        await audit(tx, req.staff!.email, 'showroom.updated', req.params.id, { ...req.body });
        // Cached kiosks carry their showroom's names.
        await notifyDeviceChanged(tx, '*');
      });
      deviceAuthCache(db).clear();
      ctx.activities.invalidate();
      return { updated: true };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/showrooms/:id/pairing-codes',
    { onRequest: requireStaff(db, 'devices.manage'), schema: { tags: ['admin'], summary: 'Issue a one-time kiosk pairing code (10 minutes)', params: IdParams, response: { 201: PairingCodeView, ...errors } } },
    async (req, reply) => {
      assertOwnShowroom(req.staff!, req.params.id);
      const { rows } = await db.query<{ slug: string }>('select slug from showrooms where id = $1', [req.params.id]);
      if (!rows[0]) throw notFound('no such showroom');
      const code = await issuePairingCode(db, rows[0].slug);
      await audit(db, req.staff!.email, 'pairing_code.issued', rows[0].slug);
      return reply.status(201).send({ code: code.code, expiresAt: code.expiresAt.toISOString(), link: `${ctx.config.publicUrl}/kiosk/#pair=${code.code.replace('-', '')}` });
    },
  );

  async function ownDevice(user: StaffUser, id: string) {
    const showroomId = await deviceShowroom(db, id);
    if (!showroomId) throw notFound('no such kiosk');
    assertOwnShowroom(user, showroomId);
  }

  app.patch<{ Params: { id: string }; Body: { name: string } }>(
    '/devices/:id',
    { onRequest: requireStaff(db, 'devices.manage'), schema: { tags: ['admin'], summary: 'Rename a kiosk', params: IdParams, body: DevicePatch, response: errors } },
    async (req) => {
      await ownDevice(req.staff!, req.params.id);
      await changeDevice(db, req.params.id, async (tx) => {
        await renameDevice(tx, req.params.id, req.body.name.trim());
        await notifyDeviceChanged(tx, req.params.id);
      });
      await audit(db, req.staff!.email, 'device.renamed', req.params.id, { name: req.body.name });
      return { updated: true };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/devices/:id/revoke',
    { onRequest: requireStaff(db, 'devices.manage'), schema: { tags: ['admin'], summary: 'Revoke a kiosk: its next request gets 401', params: IdParams, response: errors } },
    async (req) => {
      await ownDevice(req.staff!, req.params.id);
      // Announced in the same statement; answered once the notice has gone out to every instance (device-cache.ts).
      if (!(await revokeDevice(db, req.params.id))) throw badRequest('this kiosk is already revoked');
      await audit(db, req.staff!.email, 'device.revoked', req.params.id);
      return { revoked: true };
    },
  );
};
