import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../../db/repositories/staff.repository.ts';
import { InviteInput, InviteLink, InviteParams, InviteView } from '../../../shared/admin/data.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { badRequest, notFound } from '../../errors.ts';
import { INVITE_TTL_HOURS, insertInvite, reissueInvite } from '../../services/setup.service.ts';

const errors = { '4xx': Type.Ref('Error') };

/** One-time sign-up links: create, list the open ones, copy a fresh link, cancel. */
export const inviteRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;
  const manage = requireStaff(db, 'users.manage');
  const link = (token: string) => `${ctx.config.publicUrl}/admin/#invite=${token}`;

  app.post<{ Body: InviteInput }>(
    '/invites',
    {
      onRequest: manage,
      schema: {
        tags: ['admin'],
        summary: 'A one-time sign-up link for a new staff member (24 hours); with an e-mail, only that address can accept it',
        body: InviteInput,
        response: { 201: InviteLink, ...errors },
      },
    },
    async (req, reply) => {
      if (req.body.role === 'showroom_manager' && !req.body.showroomId) throw badRequest('a showroom manager needs a showroomId');
      const made = await insertInvite(db, { ...req.body, createdBy: req.staff!.email });
      if (!made) throw notFound('no such showroom');
      await audit(db, req.staff!.email, 'invite.created', made.id, { ...req.body });
      return reply.status(201).send({ id: made.id, link: link(made.token), expiresInHours: INVITE_TTL_HOURS, expiresAt: made.expiresAt.toISOString() });
    },
  );

  app.get(
    '/invites',
    { onRequest: manage, schema: { tags: ['admin'], summary: 'Open sign-up links (not used, not expired), newest first; the links themselves are not kept', response: { 200: Type.Array(InviteView), ...errors } } },
    async () => {
      const { rows } = await db.query<{ id: string; email: string | null; role: InviteView['role']; showroom_id: string | null; created_at: Date; expires_at: Date; created_by: string | null }>(
        `select id, email, role, showroom_id, created_at, expires_at, created_by from staff_invites
          where used_at is null and expires_at > now() order by created_at desc, id limit 500`,
      );
      return rows.map((r) => ({
        id: r.id,
        email: r.email,
        role: r.role,
        showroomId: r.showroom_id,
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
        createdBy: r.created_by,
      }));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/invites/:id/link',
    {
      onRequest: manage,
      schema: {
        tags: ['admin'],
        summary: 'Copy link again: a fresh link for an open invite (the one sent before stops working; the expiry stays)',
        params: InviteParams,
        response: { 200: InviteLink, ...errors },
      },
    },
    async (req) => {
      const fresh = await reissueInvite(db, req.params.id);
      if (!fresh) throw notFound('no open invite with this id (used, expired or cancelled)');
      await audit(db, req.staff!.email, 'invite.relinked', req.params.id);
      const hours = Math.max(0, Math.round(((fresh.expiresAt.getTime() - Date.now()) / 3_600_000) * 10) / 10);
      return { id: req.params.id, link: link(fresh.token), expiresInHours: hours, expiresAt: fresh.expiresAt.toISOString() };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/invites/:id',
    { onRequest: manage, schema: { tags: ['admin'], summary: 'Cancel an open invite: its link stops working', params: InviteParams, response: { 200: Type.Object({ cancelled: Type.Boolean() }), ...errors } } },
    async (req) => {
      const r = await db.query(`delete from staff_invites where id = $1 and used_at is null returning id`, [req.params.id]);
      if (!r.rows.length) throw notFound('no open invite with this id');
      await audit(db, req.staff!.email, 'invite.cancelled', req.params.id);
      return { cancelled: true };
    },
  );
};
