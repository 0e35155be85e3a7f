import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { makeVisit } from './helpers/visits.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** The value of one sample line (`name{labels} value`), or null when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const m = /^([^{ ]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return null;
}

for (const engine of testEngines()) {
  describe(`/metrics (${engine})`, () => {
    it('does not exist unless METRICS_TOKEN is set', async () => {
      const server = await startTestServer(engine);
      try {
        const r = await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        assert.equal(r.status, 404);
        assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'not_found');
      } finally {
        await server.close();
      }
    });

    describe('with METRICS_TOKEN', () => {
      let server: TestServer;
      let kiosk: PairedKiosk;
      const scrape = async () => {
        const r = await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        assert.equal(r.status, 200);
        assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
        return r.text();
      };
      before(async () => {
        server = await startTestServer(engine, { METRICS_TOKEN: TOKEN });
        kiosk = await pairKiosk(server);
      });
      after(() => server?.close());

      it('answers 401 without the token or with a wrong one', async () => {
        for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${TOKEN}x` }, { authorization: 'Bearer short' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
          const r = await fetch(`${server.base}/metrics`, { headers });
          assert.equal(r.status, 401, JSON.stringify(headers));
          const body = (await r.json()) as { error: { code: string } };
          assert.equal(body.error.code, 'unauthorized');
          assert.equal(r.headers.get('www-authenticate'), 'Bearer');
        }
      });

      it('counts stored, replayed and refused visits, and requests by route pattern', async () => {
        const before = await scrape();
        const stored0 = sample(before, 'little_advisors_visits_stored_total', { outcome: 'stored' }) ?? 0;
        const replayed0 = sample(before, 'little_advisors_visits_stored_total', { outcome: 'replayed' }) ?? 0;
        const unknown0 = sample(before, 'little_advisors_visits_refused_total', { reason: 'unknown_reference' }) ?? 0;
        const unauth0 = sample(before, 'little_advisors_visits_refused_total', { reason: 'unauthorized' }) ?? 0;

        const visit = makeVisit(kiosk.config);
        const ok = await api(server, 'POST', '/visits', { body: visit, headers: kiosk.auth });
        assert.equal(ok.status, 201);
        assert.equal((await api(server, 'POST', '/visits', { body: visit, headers: kiosk.auth })).status, 200);
        const bad = await api(server, 'POST', '/visits', { body: makeVisit(kiosk.config, { avatar: 'no-such-avatar' }), headers: kiosk.auth });
        assert.equal(bad.status, 422);
        assert.equal((await api(server, 'POST', '/visits', { body: makeVisit(kiosk.config) })).status, 401);
        const ticket = ok.json.ticket as string;
        assert.equal((await api(server, 'GET', `/tickets/${encodeURIComponent(ticket)}`)).status, 200);
        await fetch(`${server.base}/t/${encodeURIComponent(ticket)}`).then((r) => r.arrayBuffer());
        await fetch(`${server.base}/no/such/${encodeURIComponent(ticket)}`).then((r) => r.arrayBuffer());

        const text = await scrape();
        assert.equal(sample(text, 'little_advisors_visits_stored_total', { outcome: 'stored' }), stored0 + 1);
        assert.equal(sample(text, 'little_advisors_visits_stored_total', { outcome: 'replayed' }), replayed0 + 1);
        assert.equal(sample(text, 'little_advisors_visits_refused_total', { reason: 'unknown_reference' }), unknown0 + 1);
        assert.equal(sample(text, 'little_advisors_visits_refused_total', { reason: 'unauthorized' }), unauth0 + 1);

        assert.ok((sample(text, 'http_requests_total', { method: 'POST', route: '/api/v1/visits', status_code: '201' }) ?? 0) >= 1);
        assert.ok((sample(text, 'http_requests_total', { method: 'GET', route: '/api/v1/tickets/:ticket', status_code: '200' }) ?? 0) >= 1);
        assert.ok((sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/visits', status_code: '422' }) ?? 0) >= 1);
        assert.ok((sample(text, 'http_requests_total', { route: '(unmatched)', status_code: '404' }) ?? 0) >= 1);
        // Tickets are secrets: no form of one may reach a label.
        const compact = ticket.replace(/[^0-9A-Za-z]/g, '');
        for (const form of [ticket, encodeURIComponent(ticket), compact, compact.toLowerCase()]) assert.ok(!text.includes(form), `ticket form ${form} in metrics`);
        const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]!));
        for (const route of routes) assert.ok(route === '(unmatched)' || route.startsWith('/'), route);
      });

      it('reports the database pool, open wall streams and process metrics', async () => {
        let text = await scrape();
        const total = sample(text, 'little_advisors_db_pool_connections', { engine });
        assert.ok(total !== null && total >= 1, `pool connections: ${total}`);
        assert.notEqual(sample(text, 'little_advisors_db_pool_idle', { engine }), null);
        assert.equal(sample(text, 'little_advisors_db_pool_waiting', { engine }), 0);
        assert.ok(sample(text, 'process_resident_memory_bytes', {})! > 0);
        const streams0 = sample(text, 'little_advisors_wall_streams', {});
        assert.equal(streams0, 0);

        const wall = new AbortController();
        const res = await fetch(`${server.base}/api/v1/wall/demo/events`, { signal: wall.signal });
        assert.equal(res.status, 200);
        const reader = res.body!.getReader();
        await reader.read();
        text = await scrape();
        assert.equal(sample(text, 'little_advisors_wall_streams', {}), 1);
        wall.abort();
        await reader.cancel().catch(() => {});
        let open = 1;
        for (let i = 0; i < 100 && open !== 0; i++) {
          await new Promise((r) => setTimeout(r, 50));
          open = sample(await scrape(), 'little_advisors_wall_streams', {}) ?? -1;
        }
        assert.equal(open, 0);
      });
    });
  });
}
