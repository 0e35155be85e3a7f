import type { Queryable } from '../database.ts';
import type { Role, StaffUser } from '../../server/auth/policy.ts';

interface UserRow {
  id: string;
  email: string;
  role: Role;
  showroom_id: string | null;
  password_hash: string;
  disabled_at: Date | null;
}

const toUser = (r: UserRow): StaffUser => ({ id: r.id, email: r.email, role: r.role, showroomId: r.showroom_id });

export async function findUserByEmail(db: Queryable, email: string): Promise<(StaffUser & { passwordHash: string; disabled: boolean }) | null> {
  const { rows } = await db.query<UserRow>('select id, email, role, showroom_id, password_hash, disabled_at from staff_users where email = $1', [email]);
  const r = rows[0];
  return r ? { ...toUser(r), passwordHash: r.password_hash, disabled: r.disabled_at !== null } : null;
}

export async function findUserById(db: Queryable, id: string): Promise<(StaffUser & { passwordHash: string }) | null> {
  const { rows } = await db.query<UserRow>('select id, email, role, showroom_id, password_hash, disabled_at from staff_users where id = $1', [id]);
  const r = rows[0];
  return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
}

export async function insertSession(db: Queryable, idHash: Buffer, userId: string, ttlHours: number): Promise<void> {
  await db.query(`insert into staff_sessions (id_hash, user_id, expires_at) values ($1, $2, now() + make_interval(hours => $3))`, [idHash, userId, ttlHours]);
}

export async function findSessionUser(db: Queryable, idHash: Buffer): Promise<StaffUser | null> {
  const { rows } = await db.query<UserRow>(
    `select u.id, u.email, u.role, u.showroom_id, u.password_hash, u.disabled_at
       from staff_sessions s join staff_users u on u.id = s.user_id
      where s.id_hash = $1 and s.expires_at > now() and u.disabled_at is null`,
    [idHash],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export async function deleteSession(db: Queryable, idHash: Buffer): Promise<void> {
  await db.query('delete from staff_sessions where id_hash = $1', [idHash]);
}

export async function deleteSessionsOf(db: Queryable, userId: string, except?: Buffer): Promise<void> {
  await db.query('delete from staff_sessions where user_id = $1 and ($2::bytea is null or id_hash <> $2)', [userId, except ?? null]);
}

export async function updatePassword(db: Queryable, userId: string, hash: string): Promise<void> {
  await db.query('update staff_users set password_hash = $2 where id = $1', [userId, hash]);
}

export async function listUsers(db: Queryable): Promise<Array<StaffUser & { createdAt: Date; disabled: boolean }>> {
  const { rows } = await db.query<UserRow & { created_at: Date }>(
    'select id, email, role, showroom_id, password_hash, disabled_at, created_at from staff_users order by email',
  );
  return rows.map((r) => ({ ...toUser(r), createdAt: r.created_at, disabled: r.disabled_at !== null }));
}

export async function audit(db: Queryable, actor: string, action: string, target: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await db.query('insert into audit_log (actor, action, target, details) values ($1, $2, $3, $4::jsonb)', [actor, action, target, JSON.stringify(details)]);
}
