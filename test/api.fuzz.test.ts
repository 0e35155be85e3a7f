/**
 * Property-based fuzzing of EVERY route in the Fastify route table (enumerated from the app,
 * not listed by hand): public, kiosk (a valid device token), admin (a signed-in admin's
 * cookie and our own Origin) and the CLI's loopback routes (the local secret), with bodies derived from each route's schema and then broken
 * (wrong types, huge and odd strings, unicode, nesting, `__proto__`/`constructor` keys), random
 * queries, path parameters and headers. test/api.hostile.test.ts goes deep on the visit body
 * and checks nothing is written; this file goes wide.
 *
 * Properties: never a 5xx, the process never dies, and every API error body is exactly
 * {"error":{"code":string,"message":string}}.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { insertSession } from '../src/db/repositories/staff.repository.ts';
import { SESSION_COOKIE, sessionHash } from '../src/server/auth/staff-auth.ts';
import { routeTable, type RouteEntry } from '../src/server/route-table.ts';
import { createStaffUser, issuePairingCode } from '../src/server/services/setup.service.ts';
import { testEngines } from './helpers/engines.ts';
import { hostileFromSchema, hostileValue, NASTY_STRINGS, type JsonSchema } from './helpers/schema-arbitrary.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { makeVisit, tinyWav } from './helpers/visits.ts';

/** Runs per route and engine: ~70 routes × 2 engines stay within a few minutes on a busy machine (FUZZ_RUNS=50 for a deeper night run). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const PASSWORD = 'a long enough password';

type Profile = 'none' | 'kiosk' | 'admin' | 'local' | 'garbage';

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Header values fetch can send (ISO-8859-1, no CR/LF). */
const headerText = fc.oneof(fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 500)), fc.string({ maxLength: 60 })).map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?'));
const extraHeaders = fc.dictionary(
  fc.constantFrom('accept', 'accept-language', 'accept-encoding', 'range', 'if-none-match', 'if-modified-since', 'x-forwarded-for', 'x-forwarded-proto', 'x-request-id', 'last-event-id', 'x-http-method-override', 'x-local-secret'),
  headerText,
  { maxKeys: 3 },
);

const queryValue = fc.oneof(hostileValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')), fc.constantFrom('2024-01-01', '2099-12-31', 'demo', '4-6,7-9', '1', '-1', 'en', 'zh-CN'));
const queryString = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom('from', 'to', 'showroomIds', 'ageBands', 'productId', 'model', 'lang', 'page', 'status', 'moderation', 'q', 'tag', 'kind', 'cursor', 'limit', 'count', 'n', '__proto__', 'constructor', 'a[b]'), fc.string({ maxLength: 8 })), queryValue, { maxKeys: 4 }).map((d) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(d)) q.append(k, v.slice(0, 2000));
    return q.toString();
  }),
  fc.constantFrom('', '%', '%zz', 'a=%E0%A4%A', '__proto__[admin]=1', 'constructor[prototype][x]=1', 'page=1&page=2', '&&&', '=', 'q=' + '%F0%9F%92%A5'.repeat(50)),
);

function encodeParam(v: string): string {
  // Some raw (a bare "%" must reach the router), most encoded; a lone surrogate cannot be sent as UTF-8 at all.
  const wellFormed = (v.slice(0, 2000) as unknown as { toWellFormed(): string }).toWellFormed();
  return v.length < 4 && /%/.test(v) ? v : encodeURIComponent(wellFormed);
}

for (const engine of testEngines()) {
  describe(`fuzzing every route on ${engine}: never a 5xx, always the error shape`, () => {
    let server: TestServer;
    let routes: RouteEntry[] = [];
    let adminCookie = '';
    let kioskToken = '';
    const known: Record<string, string[]> = {};

    /** The admin may have been demoted, disabled or signed out by an earlier request: sign in afresh. */
    async function ensureAdmin(): Promise<void> {
      if (adminCookie) {
        const me = await fetch(`${server.base}/api/v1/admin/me`, { headers: { cookie: adminCookie } });
        const body = (await me.json().catch(() => null)) as { role?: string } | null;
        if (me.status === 200 && body?.role === 'admin') return;
      }
      // Straight into the sessions table: the fuzzed sign-in route throttles this address on purpose.
      const email = `fuzz-${Math.random().toString(36).slice(2, 10)}@example.com`;
      const id = await createStaffUser(server.tdb.db, { email, password: PASSWORD, role: 'admin' });
      const token = randomBytes(32).toString('base64url');
      await insertSession(server.tdb.db, sessionHash(token), id, 12);
      adminCookie = `${SESSION_COOKIE}=${token}`;
    }

    /** The kiosk may have been revoked or its showroom renamed: pair a new one. */
    async function ensureKiosk(): Promise<void> {
      if (kioskToken) {
        const r = await fetch(`${server.base}/api/v1/kiosk/config`, { headers: { authorization: `Bearer ${kioskToken}` } });
        await r.arrayBuffer();
        if (r.status === 200) return;
      }
      const { rows } = await server.tdb.db.query<{ slug: string }>('select slug from showrooms order by created_at limit 1');
      const { code } = await issuePairingCode(server.tdb.db, rows[0]!.slug);
      const r = await fetch(`${server.base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'fuzz tablet' }) });
      const text = await r.text();
      assert.equal(r.status, 201, text);
      kioskToken = (JSON.parse(text) as { token: string }).token;
    }

    async function refreshKnownIds(): Promise<void> {
      const q = async (sql: string) => (await server.tdb.db.query<{ id: string }>(sql)).rows.map((r) => String(r.id));
      known.uuid = [
        ...(await q('select id from products')), ...(await q('select id from parts limit 20')), ...(await q('select id from pairs limit 10')),
        ...(await q('select id from showrooms')), ...(await q('select id from devices')), ...(await q('select id from staff_users')),
        ...(await q('select id from ideas')), ...(await q('select id from visits limit 10')),
      ];
      known.asset = await q('select id from assets limit 10');
    }

    before(async () => {
      server = await startTestServer(engine);
      // Static file routes are registered too; HEAD mirrors GET.
      routes = routeTable(server.app).filter((r) => r.method !== 'HEAD');
      await ensureAdmin();
      await ensureKiosk();
      const config = await (await fetch(`${server.base}/api/v1/kiosk/config`, { headers: { authorization: `Bearer ${kioskToken}` } })).json();
      const tickets: string[] = [];
      for (const idea of [
        { kind: 'text' as const, text: 'a slide from the roof' },
        { kind: 'voice' as const, mime: 'audio/wav' as const, durationMs: 100, audio: tinyWav() },
        undefined,
      ]) {
        const visit = makeVisit(config, { consent: { gallery: true, voice: true, nickname: true, textVersion: config.consent.textVersion }, ...(idea ? { idea } : {}) });
        const r = await fetch(`${server.base}/api/v1/visits`, { method: 'POST', headers: { authorization: `Bearer ${kioskToken}`, 'content-type': 'application/json' }, body: JSON.stringify(visit) });
        const text = await r.text();
        assert.equal(r.status, 201, text);
        tickets.push((JSON.parse(text) as { ticket: string }).ticket);
      }
      known.ticket = tickets;
      await refreshKnownIds();
    });
    after(async () => server?.close());

    it('enumerates the route table, all surfaces included', () => {
      const urls = new Set(routes.map((r) => `${r.method} ${r.url}`));
      for (const must of ['POST /api/v1/visits', 'GET /api/v1/kiosk/config', 'PATCH /api/v1/admin/ideas/:id', 'GET /t/:ticket', 'GET /heard', 'GET /api/v1/wall/:showroom']) {
        assert.ok(urls.has(must), `${must} missing from the route table`);
      }
      assert.ok(routes.length >= 50, `only ${routes.length} routes`);
    });

    it('regressions the fuzzer found answer 4xx in the error shape', async () => {
      const productId = known.uuid![0]!;
      for (const path of [
        '/api/v1/admin/insight/overview?to=2026-10-90',
        `/api/v1/admin/insight/love-map?to=4402-00-86&productId=${productId}`,
        '/api/v1/admin/export/answers.csv?to=3419-10-90',
        '/api/v1/admin/export/answers.xlsx?to=2026-02-30',
      ]) {
        const r = await fetch(`${server.base}${path}`, { headers: { cookie: adminCookie } });
        const body = (await r.json()) as { error: { code: string; message: string } };
        assert.equal(r.status, 400, `${path}: ${JSON.stringify(body)}`);
        assert.equal(typeof body.error.code, 'string');
      }
    });

    it('every route: random bodies, queries, params, headers and credentials', async (t) => {
      const failures: string[] = [];
      const took: Array<[string, number]> = [];
      for (const route of routes) {
        const started = performance.now();
        const name = `${route.method} ${route.url}`;
        const schema = (route.schema ?? {}) as { body?: JsonSchema; querystring?: JsonSchema; params?: JsonSchema };
        const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const paramValue = (p: string) =>
          fc.oneof(
            { weight: 3, arbitrary: p === 'ticket' ? fc.constantFrom(...known.ticket!) : p === 'showroom' ? fc.constantFrom('demo', 'nowhere') : p === 'id' && route.url.startsWith('/assets') ? fc.constantFrom(...(known.asset!.length ? known.asset! : ['x'])) : fc.constantFrom(...known.uuid!) },
            { weight: 1, arbitrary: fc.uuid() },
            { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: 'grapheme', maxLength: 40 })) },
          );
        const isAdmin = route.url.startsWith('/api/v1/admin');
        const isKiosk = /^\/api\/v1\/(kiosk|visits)/.test(route.url);
        const isInternal = route.url.startsWith('/internal/');
        const profile = fc.oneof(
          { weight: isAdmin ? 6 : 1, arbitrary: fc.constant<Profile>('admin') },
          { weight: isKiosk ? 6 : 1, arbitrary: fc.constant<Profile>('kiosk') },
          { weight: isInternal ? 6 : 1, arbitrary: fc.constant<Profile>('local') },
          { weight: 1, arbitrary: fc.constant<Profile>('none') },
          { weight: 1, arbitrary: fc.constant<Profile>('garbage') },
        );
        const wildcard = route.url.endsWith('*');
        const arb = fc.record({
          params: fc.tuple(...paramNames.map(paramValue), fc.constant('')),
          tail: wildcard ? fc.oneof(fc.constantFrom('index.html', '../../package.json', '..%2f..%2fpackage.json', '%00', 'x'.repeat(300), 'sw.js', 'manifest.webmanifest'), fc.string({ maxLength: 20 }).map(encodeURIComponent)) : fc.constant(''),
          query: schema.querystring ? fc.oneof(hostileFromSchema(schema.querystring, known).map((q) => (q && typeof q === 'object' ? new URLSearchParams(Object.entries(q).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 2000) : JSON.stringify(v) ?? ''])).toString() : '')), queryString) : queryString,
          body: route.method === 'GET' ? fc.constant(null) : route.method === 'DELETE' ? fc.option(fc.constant('{}'), { freq: 4 }) : fc.oneof({ weight: 6, arbitrary: hostileFromSchema(schema.body, known).map((b) => JSON.stringify(b) ?? 'null') }, { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', `{"a":"${'x'.repeat(100_000)}"}`) }),
          contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
          profile,
          headers: extraHeaders,
        });
        const property = fc.asyncProperty(arb, async (input) => {
          let i = 0;
          const path = wildcard
            ? route.url.replace('*', input.tail)
            : route.url.replace(/:(\w+)/g, () => encodeParam(input.params[i++] as string) || '%20');
          const headers: Record<string, string> = { ...input.headers, origin: server.base };
          if (input.profile === 'admin') headers.cookie = adminCookie;
          if (input.profile === 'kiosk') headers.authorization = `Bearer ${kioskToken}`;
          // The CLI's credential for the loopback-only /internal routes.
          if (input.profile === 'local' && server.ctx.localSecret) headers['x-local-secret'] = server.ctx.localSecret;
          if (input.profile === 'garbage') {
            headers.authorization = 'Bearer ' + 'x'.repeat(43);
            headers.cookie = 'la_session=' + 'y'.repeat(43);
          }
          if (input.body !== null && input.contentType) headers['content-type'] = input.contentType;
          const sent: Sent = { method: route.method, path: `${path}${input.query ? `?${input.query}` : ''}`, headers, ...(input.body !== null ? { body: input.body } : {}) };
          const abort = new AbortController();
          const timer = setTimeout(() => abort.abort(), 15_000);
          try {
            const send = () => fetch(`${server.base}${sent.path}`, { method: sent.method, headers, body: sent.body, signal: abort.signal, redirect: 'manual' });
            // After a refused large body the server closes that keep-alive socket; a request the
            // client had already queued on it fails without reaching the server. One retry on a
            // fresh socket tells that apart from a server that really stopped answering.
            const res = await send().catch(async (err: Error & { cause?: { code?: string } }) => {
              if (abort.signal.aborted) throw err;
              return send().catch((again: Error & { cause?: { code?: string; message?: string } }) => {
                throw new Error(`no answer (${again.cause?.code ?? ''} ${again.cause?.message ?? again.message}) to ${sent.method} ${sent.path.slice(0, 200)}`);
              });
            });
            const type = res.headers.get('content-type') ?? '';
            // An event stream that opened is a success; do not wait for it to end.
            const text = type.startsWith('text/event-stream') ? '' : await res.text();
            const where = `${name} as ${input.profile}: ${sent.method} ${sent.path.slice(0, 200)} body=${(sent.body ?? '').slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
            assert.ok(res.status < 500, `5xx: ${where}`);
            const isApi = sent.path.startsWith('/api/') || sent.path.startsWith('/internal/') || sent.path.startsWith('/assets/');
            if (res.status >= 400 && (isApi || type.includes('json'))) {
              const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
              assert.deepEqual(Object.keys(body), ['error'], `error body shape: ${where}`);
              assert.deepEqual(Object.keys(body.error!).sort(), ['code', 'message'], `error body shape: ${where}`);
              assert.equal(typeof body.error!.code, 'string', where);
              assert.equal(typeof body.error!.message, 'string', where);
            }
          } finally {
            clearTimeout(timer);
            abort.abort();
          }
          // Only a write can sign the admin out, demote it or revoke the kiosk.
          if (route.method !== 'GET') {
            await ensureAdmin();
            await ensureKiosk();
          }
        });
        try {
          await fc.assert(property, { numRuns: RUNS, endOnFailure: true });
        } catch (e) {
          const message = String((e as Error).message);
          const cause = (e as Error & { cause?: Error }).cause;
          failures.push(`${name}: ${cause ? String(cause.message).slice(0, 1500) : ''}\n${message.slice(0, 1200)}`);
        }
        if (route.method !== 'GET') await refreshKnownIds();
        const health = await fetch(`${server.base}/healthz`);
        assert.equal(health.status, 200, `the server stopped answering after ${name}`);
        took.push([name, performance.now() - started]);
      }
      t.diagnostic(`slowest: ${took.sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, ms]) => `${n} ${Math.round(ms)} ms`).join('; ')}`);
      assert.deepEqual(failures, [], `${failures.length} of ${routes.length} routes failed`);
    });
  });
}
