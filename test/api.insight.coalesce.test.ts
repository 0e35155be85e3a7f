/**
 * Identical insight requests in flight at once share one computation (issue 10), over real HTTP
 * through the app on both engines. The coalescer's gate holds the first computation until every
 * request of a test has reached the handler, so the requests certainly overlap; its observer counts
 * which ones ran the service. Nothing of the database is replaced.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InsightCoalescer, coalesceKey, type CoalesceOutcome, type InsightEndpoint } from '../src/server/insight-coalesce.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';

describe('insight coalescer (no database)', () => {
  it('shares one rejection among the requests in flight and never keeps it', async () => {
    const c = new InsightCoalescer();
    const scope = { from: '2026-01-01', to: '2026-01-31', showroomIds: null, ageBands: null, quality: null };
    let runs = 0;
    const failing = () => {
      runs++;
      return new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`boom ${runs}`)), 20));
    };
    const results = await Promise.allSettled([1, 2, 3].map(() => c.run('overview', null, scope, failing)));
    assert.equal(runs, 1);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.equal((r as PromiseRejectedResult).reason.message, 'boom 1');
    }
    assert.equal(c.size, 0, 'nothing is kept once settled');
    assert.equal(await c.run('overview', null, scope, async () => 'fresh'), 'fresh');
    assert.equal(runs, 1);
  });

  it('keys on the effective scope: list order does not matter, every other field does', () => {
    const s = { from: '2026-01-01', to: '2026-01-31', showroomIds: ['b', 'a'], ageBands: ['7-9', '4-6'], quality: null };
    assert.equal(coalesceKey('overview', null, s), coalesceKey('overview', null, { ...s, showroomIds: ['a', 'b'], ageBands: ['4-6', '7-9'] }));
    const others = [
      coalesceKey('love-map', null, s),
      coalesceKey('overview', 'p', s),
      coalesceKey('overview', null, { ...s, showroomIds: null }),
      coalesceKey('overview', null, { ...s, showroomIds: [] }),
      coalesceKey('overview', null, { ...s, showroomIds: ['a'] }),
      coalesceKey('overview', null, { ...s, ageBands: null }),
      coalesceKey('overview', null, { ...s, quality: 'ok' }),
      coalesceKey('overview', null, { ...s, from: '2026-01-02' }),
      coalesceKey('overview', null, { ...s, to: '2026-01-30' }),
    ];
    assert.equal(new Set([coalesceKey('overview', null, s), ...others]).size, others.length + 1);
  });
});

for (const engine of testEngines()) {
  describe(`insight: identical requests in flight share one computation (${engine})`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    let analyst: StaffClient;
    let manager: StaffClient;
    const outcomes: Array<{ endpoint: InsightEndpoint; outcome: CoalesceOutcome }> = [];

    before(async () => {
      server = await startTestServer(engine, { METRICS_TOKEN: 'metrics-token-for-tests-0123456789' });
      kiosk = await pairKiosk(server);
      analyst = await staffClient(server, 'analyst');
      manager = await staffClient(server, 'showroom_manager', 'demo');
      server.ctx.insight.observe((endpoint, outcome) => outcomes.push({ endpoint, outcome }));
      for (let i = 0; i < 3; i++) assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config) })).status, 201);
    });
    after(async () => server?.close());

    /** Holds computations until `n` requests have reached the coalescer, then lets them go. */
    const holdUntil = (n: number) => {
      outcomes.length = 0;
      let release!: () => void;
      const open = new Promise<void>((r) => (release = r));
      const off = server.ctx.insight.observe(() => {
        if (outcomes.length >= n) release();
      });
      server.ctx.insight.gate = () => open;
      return () => {
        off();
        server.ctx.insight.gate = null;
      };
    };
    const count = (outcome: CoalesceOutcome) => outcomes.filter((o) => o.outcome === outcome).length;

    it('8 identical concurrent requests get identical bodies from one run of the service', async () => {
      const product = kiosk.config.products[0]!.id;
      for (const path of ['/insight/overview', `/insight/love-map?productId=${product}`]) {
        const done = holdUntil(8);
        try {
          const answers = await Promise.all(Array.from({ length: 8 }, () => analyst.call('GET', path)));
          for (const a of answers) assert.equal(a.status, 200, a.text);
          assert.equal(count('computed'), 1, `${path}: ${JSON.stringify(outcomes)}`);
          assert.equal(count('shared'), 7);
          for (const a of answers) assert.equal(a.text, answers[0]!.text);
          assert.ok(answers[0]!.json.visits === 3 || answers[0]!.json.totals?.visits === 3, answers[0]!.text.slice(0, 200));
          assert.equal(server.ctx.insight.size, 0);
        } finally {
          done();
        }
      }
      const res = await fetch(`${server.base}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-tests-0123456789' } });
      const metrics = await res.text();
      assert.equal(res.status, 200, metrics.slice(0, 200));
      assert.match(metrics, /little_advisors_insight_requests_total\{endpoint="overview",outcome="coalesced"\} 7/);
      assert.match(metrics, /little_advisors_insight_requests_total\{endpoint="love-map",outcome="computed"\} 1/);
    });

    it('two users with different showroom limits never share, nor do different endpoints', async () => {
      const done = holdUntil(3);
      try {
        const [all, limited, lm] = await Promise.all([
          analyst.call('GET', '/insight/overview'),
          manager.call('GET', '/insight/overview'),
          analyst.call('GET', `/insight/love-map?productId=${kiosk.config.products[0]!.id}`),
        ]);
        for (const a of [all, limited, lm]) assert.equal(a.status, 200, a.text);
        assert.equal(count('computed'), 3, JSON.stringify(outcomes));
        assert.equal(count('shared'), 0);
        // The analyst sees every showroom (the seeded ones without visits too), the manager only demo.
        assert.deepEqual(limited.json.byShowroom.map((s: { slug: string }) => s.slug), ['demo']);
        assert.ok(all.json.byShowroom.length >= limited.json.byShowroom.length);
      } finally {
        done();
      }
    });

    it('a request after the previous one settled computes again and sees a visit stored meanwhile', async () => {
      outcomes.length = 0;
      const before = await analyst.call('GET', '/insight/overview');
      assert.equal(before.status, 200);
      const stored = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config) });
      assert.equal(stored.status, 201, stored.text);
      const afterVisit = await analyst.call('GET', '/insight/overview');
      assert.equal(afterVisit.status, 200);
      assert.equal(afterVisit.json.totals.visits, before.json.totals.visits + 1);
      assert.equal(count('computed'), 2);
      assert.equal(count('shared'), 0);
    });
  });
}
