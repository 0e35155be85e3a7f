import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { parseTrustProxy } from '../src/server/config.ts';
import { clockAheadProblem } from '../src/core/visit-clock.ts';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';

const errorShape = (json: any) => {
  assert.equal(typeof json?.error?.code, 'string');
  assert.equal(typeof json?.error?.message, 'string');
};

/** Every staff route of the running app that changes state, read from Fastify's own route table (its printed tree). */
function adminWriteRoutes(server: TestServer): Array<{ method: string; url: string }> {
  const table = server.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: Array<{ method: string; url: string }> = [];
  for (const line of table.split('\n')) {
    const m = /^(.*?)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const url = stack.join('').replace(/^\/+/, '/');
    if (!url.startsWith('/api/v1/admin/')) continue;
    for (const method of m[3]!.split(',').map((x) => x.trim())) {
      if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) routes.push({ method, url });
    }
  }
  return routes;
}

describe('settings parsing', () => {
  it('TRUST_PROXY: 1 is one hop, a number is hops, a list is addresses; "true" is refused', () => {
    assert.equal(parseTrustProxy('1'), 1);
    assert.equal(parseTrustProxy('3'), 3);
    assert.equal(parseTrustProxy(''), false);
    assert.equal(parseTrustProxy('0'), false);
    assert.deepEqual(parseTrustProxy('10.0.0.1, 192.168.0.0/16,::1'), ['10.0.0.1', '192.168.0.0/16', '::1']);
    assert.throws(() => parseTrustProxy('true'), /hop/);
    assert.throws(() => parseTrustProxy('proxy.example'), /TRUST_PROXY/);
  });

  it('a visit time a few minutes ahead passes, one further ahead is refused with the reason', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    assert.equal(clockAheadProblem({ completedAt: '2026-05-01T10:04:00Z' }, now, 5 * 60_000), null);
    assert.match(clockAheadProblem({ completedAt: '2099-01-01T00:00:00Z' }, now, 5 * 60_000)!, /completedAt is \d+ minutes ahead/);
    assert.match(clockAheadProblem({ startedAt: '2026-05-01T10:30:00Z' }, now, 5 * 60_000)!, /startedAt is 30 minutes ahead/);
  });
});

for (const engine of testEngines()) {
  describe(`hardening on ${engine}`, () => {
    describe('behind one proxy hop (TRUST_PROXY=1)', () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(engine, { TRUST_PROXY: '1', PAIR_ATTEMPTS_PER_MINUTE: '3', WALL_STREAMS_PER_CLIENT: '2', WALL_STREAMS_PER_SHOWROOM: '3' });
      });
      after(async () => server?.close());

      it('a spoofed X-Forwarded-For does not escape the per-client limit: the proxy-appended address counts', async () => {
        const pair = (xff: string) => api(server, 'POST', '/devices/pair', { body: { code: 'ZZZZ-ZZZZ', name: 'x' }, headers: { 'x-forwarded-for': xff } });
        // The proxy appends the real client (203.0.113.7); the client wrote the rest itself.
        for (let i = 0; i < 3; i++) assert.equal((await pair(`198.51.100.${i}, 203.0.113.7`)).status, 400);
        const limited = await pair('198.51.100.99, 203.0.113.7');
        assert.equal(limited.status, 429);
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
        errorShape(limited.json);
        // Another real client behind the same proxy still has its own allowance.
        assert.equal((await pair('203.0.113.8')).status, 400);
      });

      it('wall streams are capped per client and per showroom, with our error shape', async () => {
        const open = (xff: string) =>
          new Promise<{ status: number; body: string; req: http.ClientRequest; res: http.IncomingMessage }>((resolve, reject) => {
            const req = http.get(`${server.base}/api/v1/wall/demo/events`, { headers: { 'x-forwarded-for': xff } }, (res) => {
              if (res.statusCode === 200) return resolve({ status: 200, body: '', req, res });
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve({ status: res.statusCode!, body, req, res }));
            });
            req.on('error', reject);
          });
        const a1 = await open('203.0.113.20');
        const a2 = await open('203.0.113.20');
        assert.equal(a1.status, 200);
        assert.equal(a2.status, 200);
        const a3 = await open('203.0.113.20');
        assert.equal(a3.status, 429, 'one client cannot take more than its share');
        errorShape(JSON.parse(a3.body));
        assert.ok(a3.res.headers['retry-after']);
        const b1 = await open('203.0.113.21');
        assert.equal(b1.status, 200, 'another client still gets a slot');
        const b2 = await open('203.0.113.21');
        assert.equal(b2.status, 503, 'the showroom cap holds');
        assert.equal(JSON.parse(b2.body).error.code, 'busy');
        // Closing streams gives the slots back.
        a1.req.destroy();
        a2.req.destroy();
        let again = await open('203.0.113.20');
        for (let i = 0; i < 50 && again.status !== 200; i++) {
          await new Promise((r) => setTimeout(r, 100));
          again = await open('203.0.113.20');
        }
        assert.equal(again.status, 200);
        again.req.destroy();
        b1.req.destroy();
      });

      it('X-Forwarded-Host is believed only with TRUST_PROXY (here it is)', async () => {
        const admin = await staffClient(server, 'admin');
        const r = await fetch(`${server.base}/api/v1/admin/retention/run`, {
          method: 'POST',
          headers: { cookie: admin.cookie, origin: 'https://advisors.example', 'x-forwarded-host': 'advisors.example' },
        });
        assert.equal(r.status, 200);
      });
    });

    describe('staff API', () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(engine);
      });
      after(async () => server?.close());

      it('every state-changing admin route in the route table refuses a cross-site request', async () => {
        const admin = await staffClient(server, 'admin');
        const routes = adminWriteRoutes(server);
        assert.ok(routes.length >= 15, `found only ${routes.length} admin write routes`);
        for (const { method, url } of routes) {
          const path = url.replace(/:[A-Za-z]+/g, randomUUID());
          for (const headers of [
            { origin: 'https://evil.example' },
            { origin: 'null' },
            { origin: 'http://[not a url' },
            { 'sec-fetch-site': 'cross-site' },
            { 'sec-fetch-site': 'same-site', origin: 'https://sub.evil.example' },
          ] as Array<Record<string, string>>) {
            const r = await fetch(`${server.base}${path}`, {
              method,
              headers: { cookie: admin.cookie, 'content-type': 'application/json', ...headers },
              body: '{}',
            });
            assert.equal(r.status, 403, `${method} ${url} with ${JSON.stringify(headers)} answered ${r.status}`);
            errorShape(await r.json());
          }
        }
        // Our own pages still work.
        const own = await fetch(`${server.base}/api/v1/admin/retention/run`, {
          method: 'POST',
          headers: { cookie: admin.cookie, origin: server.base, 'sec-fetch-site': 'same-origin' },
        });
        assert.equal(own.status, 200);
      });

      it('without TRUST_PROXY a forged X-Forwarded-Host does not make a foreign Origin ours', async () => {
        const admin = await staffClient(server, 'admin');
        const r = await fetch(`${server.base}/api/v1/admin/retention/run`, {
          method: 'POST',
          headers: { cookie: admin.cookie, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
        });
        assert.equal(r.status, 403);
      });

      it('PATCH /users/:id with an unknown showroom answers 422, not 500', async () => {
        const admin = await staffClient(server, 'admin');
        const other = await staffClient(server, 'analyst');
        const users = await admin.call('GET', '/users');
        const id = users.json.find((u: { email: string }) => u.email === other.email).id;
        const r = await admin.call('PATCH', `/users/${id}`, { role: 'showroom_manager', showroomId: randomUUID() });
        assert.equal(r.status, 422);
        assert.equal(r.json.error.code, 'unknown_reference');
      });

      it('an invite is written with its showroom in one statement, or not at all', async () => {
        const admin = await staffClient(server, 'admin');
        const n = async () => Number((await server.tdb.db.query<{ n: number }>('select count(*)::int as n from staff_invites')).rows[0]!.n);
        const before = await n();
        const unknown = await admin.call('POST', '/invites', { role: 'showroom_manager', showroomId: randomUUID() });
        assert.equal(unknown.status, 404);
        assert.equal(await n(), before, 'no orphan invite is left behind');
        const { rows } = await server.tdb.db.query<{ id: string }>(`select id from showrooms where slug = 'demo'`);
        const ok = await admin.call('POST', '/invites', { role: 'showroom_manager', showroomId: rows[0]!.id });
        assert.equal(ok.status, 201);
        const stored = await server.tdb.db.query<{ showroom_id: string }>(`select showroom_id from staff_invites order by created_at desc limit 1`);
        assert.equal(stored.rows[0]!.showroom_id, rows[0]!.id);
      });

      it('POST /admin/password is throttled like sign-in', async () => {
        const user = await staffClient(server, 'moderator');
        let last = { status: 0, headers: new Headers(), json: undefined as any };
        for (let i = 0; i < 10 && last.status !== 429; i++) {
          last = await user.call('POST', '/password', { current: `wrong guess ${i}`, next: 'another long password' });
        }
        assert.equal(last.status, 429);
        assert.equal(last.json.error.code, 'too_many_attempts');
        assert.ok(Number(last.headers.get('retry-after')) > 0);
        // Even the right password waits now.
        const right = await user.call('POST', '/password', { current: 'a long enough password', next: 'another long password' });
        assert.equal(right.status, 429);
      });

      it('security headers: Permissions-Policy on every response, no HSTS over plain HTTP', async () => {
        for (const path of ['/api/v1/wall/demo', '/healthz', '/api/v1/nope']) {
          const r = await fetch(`${server.base}${path}`);
          const pp = r.headers.get('permissions-policy') ?? '';
          assert.match(pp, /microphone=\(self\)/);
          assert.match(pp, /camera=\(\)/);
          assert.match(pp, /geolocation=\(\)/);
          assert.equal(r.headers.get('strict-transport-security'), null);
        }
      });
    });

    describe('behind a TLS proxy (https PUBLIC_URL)', () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(engine, { PUBLIC_URL: 'https://advisors.example' });
      });
      after(async () => server?.close());

      it('sends HSTS and marks the session cookie Secure, HttpOnly, SameSite=Strict', async () => {
        const r = await fetch(`${server.base}/healthz`);
        assert.match(r.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
        const admin = await staffClient(server, 'admin').catch((e) => e as Error);
        // The helper reads the cookie off a plain-HTTP response; the attributes are what matter.
        assert.ok(!(admin instanceof Error), String(admin));
        const res = await fetch(`${server.base}/api/v1/admin/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: admin.email, password: 'a long enough password' }),
        });
        const cookie = res.headers.get('set-cookie') ?? '';
        assert.match(cookie, /; Secure/i);
        assert.match(cookie, /; HttpOnly/i);
        assert.match(cookie, /; SameSite=Strict/i);
      });
    });

    describe('a generous limit (counted in this process, written to the database in batches on PostgreSQL)', () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(engine, { REQUESTS_PER_MINUTE: '150' });
      });
      after(async () => server?.close());

      it('lets exactly the limit through, refuses the next request, and shares the count in the database', async () => {
        const k = await pairKiosk(server); // its first GET /kiosk/config is hit 1 of 150
        const statuses = new Map<number, number>();
        for (let i = 1; i < 150; i++) {
          const s = (await api(server, 'GET', '/kiosk/config', { headers: k.auth })).status;
          statuses.set(s, (statuses.get(s) ?? 0) + 1);
        }
        assert.deepEqual([...statuses], [[200, 149]]);
        assert.equal((await api(server, 'GET', '/kiosk/config', { headers: k.auth })).status, 429);
        if (engine === 'postgres') {
          // Written within a flush interval or so: other instances would now count these hits too.
          let hits = 0;
          for (let i = 0; i < 30 && hits < 151; i++) {
            await new Promise((r) => setTimeout(r, 100));
            hits = (await server.tdb.db.query<{ n: number }>('select coalesce(max(hits), 0)::int as n from rate_limits')).rows[0]!.n;
          }
          assert.equal(hits, 151);
        }
      });
    });

    describe('kiosk limits', () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(engine, { VISITS_PER_DEVICE_PER_MINUTE: '3', REQUESTS_PER_MINUTE: '8' });
      });
      after(async () => server?.close());

      it('POST /visits is limited per device (429 + Retry-After); another kiosk on the same address is not', async () => {
        const a = await pairKiosk(server);
        const b = await pairKiosk(server);
        for (let i = 0; i < 3; i++) assert.equal((await api(server, 'POST', '/visits', { body: makeVisit(a.config), headers: a.auth })).status, 201);
        const limited = await api(server, 'POST', '/visits', { body: makeVisit(a.config), headers: a.auth });
        assert.equal(limited.status, 429);
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
        errorShape(limited.json);
        assert.equal((await api(server, 'POST', '/visits', { body: makeVisit(b.config), headers: b.auth })).status, 201);
      });

      it('a visit dated ahead of the server clock is refused with 422 clock_ahead; a small drift is fine', async () => {
        const k = await pairKiosk(server);
        const future = makeVisit(k.config, { startedAt: '2099-01-01T00:00:00.000Z', completedAt: '2099-01-01T00:05:00.000Z' });
        const r = await api(server, 'POST', '/visits', { body: future, headers: k.auth });
        assert.equal(r.status, 422);
        assert.equal(r.json.error.code, 'clock_ahead');
        const hourAhead = makeVisit(k.config, { startedAt: new Date(Date.now() - 60_000).toISOString(), completedAt: new Date(Date.now() + 3_600_000).toISOString() });
        assert.equal((await api(server, 'POST', '/visits', { body: hourAhead, headers: k.auth })).json.error.code, 'clock_ahead');
        const drift = makeVisit(k.config, { startedAt: new Date(Date.now() - 60_000).toISOString(), completedAt: new Date(Date.now() + 60_000).toISOString() });
        assert.equal((await api(server, 'POST', '/visits', { body: drift, headers: k.auth })).status, 201);
        const n = await server.tdb.db.query<{ n: number }>(`select count(*)::int as n from visits where completed_at > now() + interval '10 minutes'`);
        assert.equal(n.rows[0]!.n, 0);
      });

      it('routes without a limit of their own get the default one, per device for kiosks', async () => {
        const k = await pairKiosk(server);
        const other = await pairKiosk(server);
        let status = 0;
        let res: Awaited<ReturnType<typeof api>> | null = null;
        for (let i = 0; i < 12 && status !== 429; i++) {
          res = await api(server, 'GET', '/kiosk/config', { headers: k.auth });
          status = res.status;
        }
        assert.equal(status, 429);
        assert.ok(Number(res!.headers.get('retry-after')) > 0);
        errorShape(res!.json);
        assert.equal((await api(server, 'GET', '/kiosk/config', { headers: other.auth })).status, 200);
      });

      it('public look-ups without their own limit are limited per address', async () => {
        // The OpenAPI document has no limit of its own: it takes the default, counted by address.
        let status = 0;
        for (let i = 0; i < 12 && status !== 429; i++) status = (await api(server, 'GET', '/openapi.json')).status;
        assert.equal(status, 429);
      });
    });
  });
}

describe('kiosk outbox', () => {
  it('keeps a visit refused as clock_ahead queued (it becomes acceptable later) but drops other 422s', async () => {
    const { isRetryableCode } = await import('../src/kiosk/lib/sync.ts');
    const { HttpError } = await import('../src/kiosk/lib/api.ts');
    assert.equal(isRetryableCode(new HttpError(422, 'ahead', 'clock_ahead')), true);
    assert.equal(isRetryableCode(new HttpError(422, 'bad', 'unknown_reference')), false);
    assert.equal(isRetryableCode(new Error('x')), false);
  });
});
