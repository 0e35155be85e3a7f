import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPgDatabase, dropPgDatabase, TEST_PG_URL } from './helpers/engines.ts';
import { spawnServer, type ServerProcess } from './helpers/process.ts';
import { pairWithCode, sendVisit, SseReader, talliesOf } from './public.helpers.ts';

/**
 * Several server processes on one PostgreSQL, as behind a load balancer: they start together
 * (migrations and the demo seed under advisory locks), share rate limits, and a visit stored
 * through one reaches the walls connected to another through LISTEN/NOTIFY.
 */
describe('several instances on one PostgreSQL', { skip: TEST_PG_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  let a: ServerProcess;
  let b: ServerProcess;
  let dbUrl = '';
  const sql = async (text: string): Promise<number> => {
    const pg = await import('pg');
    const c = new pg.default.Client({ connectionString: dbUrl });
    await c.connect();
    try {
      return (await c.query(text)).rows[0].n;
    } finally {
      await c.end();
    }
  };
  const dbOf = async (_s: ServerProcess) => {
    const { openPostgres } = await import('../src/db/postgres.ts');
    const db = await openPostgres(dbUrl, 1);
    cleanups.push(() => db.close());
    return db;
  };

  it('two instances starting at once on a fresh database both come up, with one catalog', async () => {
    const url = await createPgDatabase();
    dbUrl = url;
    cleanups.push(() => dropPgDatabase(url));
    const env = { DATABASE_URL: url, TICKET_LOOKUPS_PER_MINUTE: '5' };
    [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
    cleanups.push(() => void a.child.kill('SIGKILL'), () => void b.child.kill('SIGKILL'));
    for (const s of [a, b]) {
      const r = await fetch(`${s.base}/readyz`);
      assert.equal(r.status, 200, `ready: ${await r.text()}`);
    }
    const pg = await import('pg');
    const c = new pg.default.Client({ connectionString: url });
    await c.connect();
    try {
      const showrooms = await c.query(`select count(*)::int as n from showrooms where slug = 'demo'`);
      assert.equal(showrooms.rows[0].n, 1);
      const activities = await c.query('select count(*)::int as n from activities');
      assert.equal(activities.rows[0].n, 1, 'the demo catalog was seeded once');
      const migrations = await c.query('select count(*)::int as n, count(distinct id)::int as d from schema_migrations');
      assert.equal(migrations.rows[0].n, migrations.rows[0].d, 'each migration applied once');
    } finally {
      await c.end();
    }
  });

  it('a visit stored through one instance reaches a wall connected to the other within 2 s', async () => {
    const kiosk = await pairWithCode(a.base, a.pairingCode!);
    const wall = await SseReader.open(`${b.base}/api/v1/wall/demo/events`);
    cleanups.push(() => wall.close());
    assert.equal(wall.status, 200);
    const first = talliesOf(await wall.waitFor((e) => e.event === 'tallies', 5_000));
    const from = wall.events.length;
    const t0 = Date.now();
    await sendVisit(kiosk);
    const next = await wall.waitFor((e) => e.event === 'tallies' && talliesOf(e).tallies.visitsToday === first.tallies.visitsToday + 1, 2_000, from);
    assert.ok(Date.now() - t0 < 2_000, `arrived after ${Date.now() - t0} ms`);
    assert.ok(talliesOf(next).tallies.parts.length > 0);
  });

  it('shares rate limits: the limit holds across instances, not per instance', async () => {
    // TICKET_LOOKUPS_PER_MINUTE=5 on both: 3 + 2 look-ups pass, the 6th is refused whichever instance answers.
    const statuses: number[] = [];
    for (const s of [a, a, a, b, b, b, a]) statuses.push((await fetch(`${s.base}/api/v1/tickets/ZZZZZ-ZZZZZ`)).status);
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429, 429]);
    const page = await fetch(`${b.base}/t/ZZZZZ-ZZZZZ`);
    assert.equal(page.status, 404, 'the family page has its own budget');
  });

  it('a kiosk revoked through one instance is refused on its very next request by either instance (cached authentication dropped by the device_changed notice)', async () => {
    const db = await dbOf(a);
    const { issuePairingCode, createStaffUser } = await import('../src/server/services/setup.service.ts');
    const email = `revoker-${Date.now()}@example.com`;
    const password = 'a long enough password';
    await createStaffUser(db, { email, password, role: 'admin' });
    const signIn = async (s: ServerProcess) => {
      const r = await fetch(`${s.base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      assert.equal(r.status, 200, await r.text());
      return r.headers.get('set-cookie')!.split(';')[0]!;
    };
    const cookies = new Map([[a, await signIn(a)], [b, await signIn(b)]]);
    const deviceIdOf = async (token: string) => {
      const { deviceTokenHash } = await import('../src/server/auth/device-auth.ts');
      return (await db.query<{ id: string }>('select id from devices where token_hash = $1', [deviceTokenHash(token)])).rows[0]!.id;
    };
    // Revoke through one instance, then the kiosk's next request goes to the other (and then to the first).
    for (const [via, other] of [[a, b], [b, a]] as const) {
      const kiosk = await pairWithCode(a.base, (await issuePairingCode(db, 'demo')).code);
      const id = await deviceIdOf(kiosk.auth.authorization.slice('Bearer '.length));
      // Both instances have the kiosk in their cache (several requests each; no visits, so the walls of the next test see a quiet showroom).
      for (const s of [a, b, a, b]) assert.equal((await fetch(`${s.base}/api/v1/kiosk/config`, { headers: kiosk.auth })).status, 200);
      const r = await fetch(`${via.base}/api/v1/admin/devices/${id}/revoke`, { method: 'POST', headers: { cookie: cookies.get(via)! } });
      assert.equal(r.status, 200, await r.text());
      const next = await fetch(`${other.base}/api/v1/kiosk/config`, { headers: kiosk.auth });
      assert.equal(next.status, 401, 'the other instance refuses the very next request');
      const visit = await fetch(`${other.base}/api/v1/visits`, { method: 'POST', headers: { ...kiosk.auth, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(visit.status, 401);
      assert.equal((await fetch(`${via.base}/api/v1/kiosk/config`, { headers: kiosk.auth })).status, 401, 'and so does the revoking one');
    }
  });

  it('survives losing its LISTEN connection (a database restart or failover): it subscribes again and walls keep updating', async () => {
    const kiosk = await pairWithCode(a.base, (await (await import('../src/server/services/setup.service.ts')).issuePairingCode(await dbOf(a), 'demo')).code);
    const wall = await SseReader.open(`${b.base}/api/v1/wall/demo/events`);
    cleanups.push(() => wall.close());
    const first = talliesOf(await wall.waitFor((e) => e.event === 'tallies', 5_000));
    const killed = await sql(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
                               where datname = current_database() and query ilike 'LISTEN %' and pid <> pg_backend_pid()`);
    assert.ok(killed >= 1, 'a LISTEN connection was terminated');
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(b.child.exitCode, null, 'the instance is still running');
    const from = wall.events.length;
    await sendVisit(kiosk);
    await wall.waitFor((e) => e.event === 'tallies' && talliesOf(e).tallies.visitsToday === first.tallies.visitsToday + 1, 2_000, from);
    wall.close();
  });

  it('SIGTERM with a wall connected: the stream ends, the process exits 0', async () => {
    const wall = await SseReader.open(`${b.base}/api/v1/wall/demo/events`);
    await wall.waitFor((e) => e.event === 'tallies', 5_000);
    const t0 = Date.now();
    b.child.kill('SIGTERM');
    const exit = await b.exited;
    assert.equal(exit.code, 0, b.output());
    assert.ok(Date.now() - t0 < 8_000, `stopped in ${Date.now() - t0} ms`);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(wall.closed, true, 'the event stream was ended');
  });
});
