import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { newPairingCode, normalizePairingCode, pairingCodeHash, PAIRING_CODE_TTL_SECONDS } from '../../core/pairing-code.ts';
import { sha256 } from '../../core/ticket.ts';
import type { Queryable } from '../../db/database.ts';
import { insertPairingCode } from '../../db/repositories/devices.repository.ts';
import { findShowroomBySlug, listShowrooms } from '../../db/repositories/showrooms.repository.ts';
import { badRequest, conflict, notFound } from '../errors.ts';

/** Staff set-up actions shared by the CLI, the local admin endpoint and (later) the dashboard. */

export async function issuePairingCode(db: Queryable, showroomSlug: string): Promise<{ code: string; expiresAt: Date; showroom: string }> {
  const showroom = await findShowroomBySlug(db, showroomSlug);
  if (!showroom) {
    const known = (await listShowrooms(db)).map((s) => s.slug);
    throw notFound(`no showroom "${showroomSlug}"; known showrooms: ${known.join(', ') || 'none (run seed-demo)'}`);
  }
  const code = newPairingCode();
  const expiresAt = await insertPairingCode(db, pairingCodeHash(normalizePairingCode(code)!), showroom.id, PAIRING_CODE_TTL_SECONDS);
  return { code, expiresAt, showroom: showroom.slug };
}

export const STAFF_ROLES = ['admin', 'analyst', 'moderator', 'showroom_manager'] as const;
export const INVITE_TTL_HOURS = 24;

export function inviteTokenHash(token: string): Buffer {
  return sha256(`invite:${token}`);
}

export interface NewInvite {
  role: (typeof STAFF_ROLES)[number];
  showroomId?: string | undefined;
  /** Only this address can accept it. */
  email?: string | undefined;
  createdBy?: string | undefined;
}

/**
 * Writes a one-time sign-up invite and returns its token (stored only as a hash), or null
 * when a showroom is named and no showroom has that id (written in one statement, or not at all).
 */
export async function insertInvite(db: Queryable, input: NewInvite): Promise<{ token: string; id: string; expiresAt: Date } | null> {
  const token = randomBytes(24).toString('base64url');
  const { rows } = await db.query<{ id: string; expires_at: Date }>(
    `insert into staff_invites (token_hash, role, expires_at, showroom_id, email, created_by)
     select $1, $2, now() + make_interval(hours => $3), s.id, $5, $6
       from (select $4::uuid as id) wanted left join showrooms s on s.id = wanted.id
      where $4::uuid is null or s.id is not null
     returning id, expires_at`,
    [inviteTokenHash(token), input.role, INVITE_TTL_HOURS, input.showroomId ?? null, input.email?.trim().toLowerCase() || null, input.createdBy ?? null],
  );
  return rows[0] ? { token, id: rows[0].id, expiresAt: rows[0].expires_at } : null;
}

/**
 * "Copy link again": the token is kept only as a hash, so an open invite gets a fresh token
 * (the link sent before stops working; role, showroom, e-mail and expiry stay). Null when the
 * invite is not open any more.
 */
export async function reissueInvite(db: Queryable, id: string): Promise<{ token: string; expiresAt: Date } | null> {
  const token = randomBytes(24).toString('base64url');
  const { rows } = await db.query<{ expires_at: Date }>(
    `update staff_invites set token_hash = $2 where id = $1 and used_at is null and expires_at > now() returning expires_at`,
    [id, inviteTokenHash(token)],
  );
  return rows[0] ? { token, expiresAt: rows[0].expires_at } : null;
}

/** The first-run admin link and the CLI's invites: a token only. */
export async function createInvite(db: Queryable, role?: (typeof STAFF_ROLES)[number]): Promise<string>;
export async function createInvite(db: Queryable, role: (typeof STAFF_ROLES)[number], showroomId: string): Promise<string | null>;
export async function createInvite(db: Queryable, role: (typeof STAFF_ROLES)[number] = 'admin', showroomId?: string): Promise<string | null> {
  return (await insertInvite(db, { role, showroomId }))?.token ?? null;
}

export async function hasStaff(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from staff_users');
  return rows[0]!.n > 0;
}

export async function hasOpenAdminInvite(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from staff_invites where role = 'admin' and used_at is null and expires_at > now()`,
  );
  return rows[0]!.n > 0;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export async function createStaffUser(db: Queryable, input: { email: string; password: string; role: (typeof STAFF_ROLES)[number] }): Promise<string> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw badRequest(`"${input.email}" is not an e-mail address`);
  if (input.password.length < 10) throw badRequest('the password must have at least 10 characters');
  const hash = await argon2.hash(input.password, { type: argon2.argon2id });
  const { rows } = await db.query<{ id: string }>(
    `insert into staff_users (email, password_hash, role) values ($1, $2, $3) on conflict (email) do nothing returning id`,
    [email, hash, input.role],
  );
  if (!rows[0]) throw conflict(`a staff user with e-mail ${email} already exists`);
  await db.query(`insert into audit_log (actor, action, target) values ('cli', 'staff.created', $1)`, [email]);
  return rows[0].id;
}
