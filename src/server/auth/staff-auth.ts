import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sha256 } from '../../core/ticket.ts';
import type { Database } from '../../db/database.ts';
import { findSessionUser, insertSession } from '../../db/repositories/staff.repository.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { can, type Permission, type StaffUser } from './policy.ts';

export const SESSION_COOKIE = 'la_session';
const SESSION_HOURS = 12;

export function sessionHash(token: string): Buffer {
  return sha256(`session:${token}`);
}

export async function startSession(db: Database, reply: FastifyReply, userId: string, secure: boolean): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, sessionHash(token), userId, SESSION_HOURS);
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_HOURS * 3600 });
}

export function sessionToken(req: FastifyRequest): string | null {
  const t = req.cookies?.[SESSION_COOKIE];
  return typeof t === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(t) ? t : null;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffUser;
  }
}

/**
 * An onRequest hook: the signed-in staff user must hold `permission`. That writes come from
 * our own pages is checked before this, for the whole admin API (requireSameOrigin).
 */
export function requireStaff(db: Database, permission: Permission | null) {
  return async (req: FastifyRequest) => {
    const token = sessionToken(req);
    const user = token ? await findSessionUser(db, sessionHash(token)) : null;
    if (!user) throw unauthorized('sign in first');
    if (permission && !can(user.role, permission)) throw forbidden(`your role (${user.role}) may not do this`);
    req.staff = user;
  };
}
