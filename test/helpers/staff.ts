import { createStaffUser } from '../../src/server/services/setup.service.ts';
import type { TestServer } from './server.ts';

export type RoleName = 'admin' | 'analyst' | 'moderator' | 'showroom_manager';

export interface StaffClient {
  email: string;
  cookie: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string; headers: Headers; raw: Buffer }>;
}

/** Creates a staff user of `role` and signs in over HTTP; returns a client carrying the session cookie. */
export async function staffClient(server: TestServer, role: RoleName, showroomSlug = 'demo'): Promise<StaffClient> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'a long enough password';
  const id = await createStaffUser(server.tdb.db, { email, password, role: role === 'showroom_manager' ? 'admin' : role });
  if (role === 'showroom_manager') {
    await server.tdb.db.query(`update staff_users set role = 'showroom_manager', showroom_id = (select id from showrooms where slug = $2) where id = $1`, [id, showroomSlug]);
  }
  const res = await fetch(`${server.base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return {
    email,
    cookie,
    async call(method, path, body) {
      const r = await fetch(`${server.base}/api/v1/admin${path}`, {
        method,
        headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const raw = Buffer.from(await r.arrayBuffer());
      const text = raw.toString('utf8');
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: r.status, json, text, headers: r.headers, raw };
    },
  };
}
