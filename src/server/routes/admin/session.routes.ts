import argon2 from 'argon2';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import {
  audit,
  deleteSession,
  deleteSessionsOf,
  findUserByEmail,
  findUserById,
  updatePassword,
} from '../../../db/repositories/staff.repository.ts';
import { AcceptInvite, ChangePassword, Me, SignIn } from '../../../shared/admin/session.ts';
import { clearFailures, lockedFor, recordFailure } from '../../auth/login-throttle.ts';
import { permissionsOf, type StaffUser } from '../../auth/policy.ts';
import { requireStaff, sessionHash, sessionToken, startSession, SESSION_COOKIE } from '../../auth/staff-auth.ts';
import { behindTls } from '../../config.ts';
import type { AppContext } from '../../context.ts';
import { ApiError, badRequest, unauthorized } from '../../errors.ts';
import { inviteTokenHash } from '../../services/setup.service.ts';

const me = (u: StaffUser) => ({ id: u.id, email: u.email, role: u.role, showroomId: u.showroomId, permissions: [...permissionsOf(u.role)] });
const errors = { '4xx': Type.Ref('Error') };
// A real hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
const DUMMY_HASH = argon2.hash('not-a-password-at-all', { type: argon2.argon2id });

export const sessionRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = behindTls(ctx.config);

  app.post<{ Body: SignIn }>(
    '/session',
    { config: { rateLimit: { max: 30, timeWindow: 60_000 } }, schema: { summary: 'Sign in', tags: ['admin'], body: SignIn, response: { 200: Me, ...errors } } },
    async (req, reply) => {
      const email = req.body.email.trim().toLowerCase();
      const keys = [`email:${email}`, `ip:${req.ip}`];
      const wait = await lockedFor(ctx.db, keys);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new ApiError(429, 'too_many_attempts', `too many failed sign-ins: try again in ${wait} s`);
      }
      const user = await findUserByEmail(ctx.db, email);
      const ok = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), req.body.password).catch(() => false);
      if (!user || !ok || user.disabled) {
        await recordFailure(ctx.db, keys);
        throw unauthorized('wrong e-mail or password');
      }
      await clearFailures(ctx.db, keys);
      await startSession(ctx.db, reply, user.id, secure);
      await audit(ctx.db, user.email, 'session.signed_in', null);
      return me(user);
    },
  );

  app.delete('/session', { schema: { summary: 'Sign out', tags: ['admin'] } }, async (req, reply) => {
    const token = sessionToken(req);
    if (token) await deleteSession(ctx.db, sessionHash(token));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true };
  });

  app.get('/me', { onRequest: requireStaff(ctx.db, null), schema: { summary: 'The signed-in user', tags: ['admin'], response: { 200: Me, ...errors } } }, async (req) =>
    me(req.staff!),
  );

  app.post<{ Body: ChangePassword }>(
    '/password',
    { onRequest: requireStaff(ctx.db, null), config: { rateLimit: { max: 30, timeWindow: 60_000 } }, schema: { summary: 'Change my password', tags: ['admin'], body: ChangePassword, response: errors } },
    async (req, reply) => {
      // A stolen session must not become an unthrottled oracle for the password: same throttle as sign-in.
      const keys = [`email:${req.staff!.email}`, `ip:${req.ip}`];
      const wait = await lockedFor(ctx.db, keys);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new ApiError(429, 'too_many_attempts', `too many wrong passwords: try again in ${wait} s`);
      }
      const user = await findUserById(ctx.db, req.staff!.id);
      if (!user || !(await argon2.verify(user.passwordHash, req.body.current).catch(() => false))) {
        await recordFailure(ctx.db, keys);
        throw badRequest('the current password is wrong');
      }
      await clearFailures(ctx.db, keys);
      await updatePassword(ctx.db, user.id, await argon2.hash(req.body.next, { type: argon2.argon2id }));
      // Other sessions of this user end; this one stays.
      await deleteSessionsOf(ctx.db, user.id, sessionHash(sessionToken(req)!));
      await audit(ctx.db, user.email, 'staff.password_changed', user.email);
      return { changed: true };
    },
  );

  app.post<{ Body: AcceptInvite }>(
    '/invites/accept',
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } }, schema: { summary: 'Create my account from a one-time sign-up link', tags: ['admin'], body: AcceptInvite, response: { 201: Me, ...errors } } },
    async (req, reply) => {
      const email = req.body.email.trim().toLowerCase();
      // A hash costs ~50 ms of CPU and 64 MB: never spend one on a link that cannot work
      // (the update below still consumes the invite atomically).
      const usable = await ctx.db.query<{ email: string | null }>(`select email from staff_invites where token_hash = $1 and used_at is null and expires_at > now()`, [inviteTokenHash(req.body.token)]);
      if (usable.rows.length === 0) throw badRequest('this sign-up link is unknown, used or expired: ask an admin for a new one', 'invalid_invite');
      // An invite made for one address is for that address only.
      if (usable.rows[0]!.email && usable.rows[0]!.email !== email) throw badRequest('this sign-up link is for another e-mail address', 'invite_email_mismatch');
      const hash = await argon2.hash(req.body.password, { type: argon2.argon2id });
      const user = await ctx.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ role: StaffUser['role']; showroom_id: string | null }>(
          `update staff_invites set used_at = now() where token_hash = $1 and used_at is null and expires_at > now() and (email is null or email = $2) returning role, showroom_id`,
          [inviteTokenHash(req.body.token), email],
        );
        const invite = rows[0];
        if (!invite) throw badRequest('this sign-up link is unknown, used or expired: ask an admin for a new one', 'invalid_invite');
        const created = await tx.query<{ id: string }>(
          `insert into staff_users (email, password_hash, role, showroom_id) values ($1, $2, $3, $4) on conflict (email) do nothing returning id`,
          [email, hash, invite.role, invite.showroom_id],
        );
        if (!created.rows[0]) throw new ApiError(409, 'conflict', `an account for ${email} already exists: sign in instead`);
        await audit(tx, email, 'staff.created_from_invite', email, { role: invite.role });
        return { id: created.rows[0].id, email, role: invite.role, showroomId: invite.showroom_id } satisfies StaffUser;
      });
      await startSession(ctx.db, reply, user.id, secure);
      return reply.status(201).send(me(user));
    },
  );
};
