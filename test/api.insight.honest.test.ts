import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareRollups } from '../bench/insight/rollups.ts';
import { meanInterval, withinChildScores } from '../src/core/honest.ts';
import { reportTimeZone } from '../src/db/repositories/visits.repository.ts';
import type { VisitInput } from '../src/shared/visit.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';

type Face = 1 | 2 | 3 | 4 | 5;

for (const engine of testEngines()) {
  describe(`honest insight (stands out, answer quality) on ${engine}`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    let analyst: StaffClient;
    before(async () => {
      server = await startTestServer(engine);
      kiosk = await pairKiosk(server);
      analyst = await staffClient(server, 'analyst');
    });
    after(async () => server?.close());

    const product = () => kiosk.config.products[0]!;
    /** A visit rating the first parts with these faces; `ms` (if given) on every answer. */
    const visitWith = (faces: Face[], ms?: number, extra: Partial<VisitInput> = {}): VisitInput => {
      const parts = product().parts.slice(0, faces.length);
      const favs = parts.slice(0, Math.min(2, parts.length)).map((p) => p.id);
      return makeVisit(kiosk.config, {
        ratings: parts.map((p, i) => ({ partId: p.id, face: faces[i]!, ...(ms === undefined ? {} : { ms: ms + i }) })),
        choices: product().pairs.slice(0, 1).map((q) => ({ pairId: q.id, picked: 'a' as const, ...(ms === undefined ? {} : { ms }) })),
        favourites: favs,
        ...(ms === undefined ? {} : { favouriteMs: favs.map(() => ms) }),
        ...extra,
      });
    };
    const post = async (v: VisitInput, status = 201) => {
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: v });
      assert.equal(r.status, status, r.text);
      return r.json as { ticket: string };
    };
    const qualityOf = async (id: string) =>
      (await server.tdb.db.query<{ quality: string }>('select quality from visits where id = $1', [id])).rows[0]?.quality;
    const rollupsMatchRaw = async (when: string) => {
      for (const t of await compareRollups(server.tdb.db, reportTimeZone(), true)) {
        assert.equal(t.missing + t.extra, 0, `${t.table} differs from a GROUP BY over the raw rows ${when} (${JSON.stringify(t)})`);
      }
    };
    const loveMap = async (extra = '') => {
      const r = await analyst.call('GET', `/insight/love-map?productId=${product().id}${extra}`);
      assert.equal(r.status, 200, r.text);
      return r.json as { visits: number; parts: Array<{ key: string; n: number; faces: number[]; standsOut: { mean: number | null; low: number | null; high: number | null; n: number } }> };
    };

    /** standsOut per part key computed straight from the raw ratings (optionally only 'ok' visits). */
    const expectedStandsOut = async (onlyOk: boolean) => {
      const { rows } = await server.tdb.db.query<{ visit_id: string; key: string; face: number }>(
        `select r.visit_id, p.key, r.face from ratings r join parts p on p.id = r.part_id join visits v on v.id = r.visit_id
          where v.product_id = $1 and ($2::boolean is false or v.quality = 'ok') order by r.visit_id, p.key`,
        [product().id, onlyOk],
      );
      const byVisit = new Map<string, Array<{ key: string; face: number }>>();
      for (const r of rows) byVisit.set(r.visit_id, [...(byVisit.get(r.visit_id) ?? []), r]);
      const sums = new Map<string, { n: number; sum: number; sumSq: number }>();
      for (const answers of byVisit.values()) {
        const scores = withinChildScores(answers.map((a) => a.face));
        if (!scores) continue;
        answers.forEach((a, i) => {
          const s = sums.get(a.key) ?? { n: 0, sum: 0, sumSq: 0 };
          s.n += 1;
          s.sum += scores[i]!;
          s.sumSq += scores[i]! ** 2;
          sums.set(a.key, s);
        });
      }
      return sums;
    };
    const assertStandsOutMatchesRaw = async (onlyOk: boolean) => {
      const lm = await loveMap(onlyOk ? '&quality=ok' : '');
      const expected = await expectedStandsOut(onlyOk);
      for (const part of lm.parts) {
        const want = meanInterval(expected.get(part.key) ?? { n: 0, sum: 0, sumSq: 0 });
        assert.equal(part.standsOut.n, want.n, `n of ${part.key}`);
        for (const k of ['mean', 'low', 'high'] as const) {
          if (want[k] === null) assert.equal(part.standsOut[k], null, `${k} of ${part.key}`);
          else assert.ok(Math.abs(part.standsOut[k]! - want[k]!) < 1e-9, `${k} of ${part.key}: ${part.standsOut[k]} vs ${want[k]}`);
        }
      }
    };

    it('accepts old-contract visits without times, and flags same-face and too-fast visits', async () => {
      const old = makeVisit(kiosk.config);
      assert.ok(!('favouriteMs' in old) && old.ratings.every((r) => !('ms' in r)));
      await post(old);
      assert.equal(await qualityOf(old.id), 'ok');

      const same = visitWith([5, 5, 5, 5]);
      await post(same);
      assert.equal(await qualityOf(same.id), 'same-face', 'the same face on 4 ratings');
      const threeSame = visitWith([5, 5, 5]);
      await post(threeSame);
      assert.equal(await qualityOf(threeSame.id), 'ok', 'three equal faces are not enough to say');

      const fast = visitWith([4, 2, 5, 3], 300);
      await post(fast);
      assert.equal(await qualityOf(fast.id), 'too-fast');
      const careful = visitWith([4, 2, 5, 3], 2500);
      await post(careful);
      assert.equal(await qualityOf(careful.id), 'ok');
      const stored = await server.tdb.db.query<{ ms: number | null }>('select ms from ratings where visit_id = $1 order by ms', [careful.id]);
      assert.deepEqual(stored.rows.map((r) => r.ms), [2500, 2501, 2502, 2503]);
      const favMs = await server.tdb.db.query<{ ms: number | null }>('select ms from favourites where visit_id = $1', [careful.id]);
      assert.deepEqual(favMs.rows.map((r) => r.ms), [2500, 2500]);

      // A replay is answered with the same ticket and stores nothing twice.
      const replay = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: careful });
      assert.equal(replay.status, 200, replay.text);
      await rollupsMatchRaw('after inserts and a replay');
    });

    it('refuses answer times out of range and favourite times that do not match the favourites', async () => {
      const tooLong = visitWith([3, 4], 600_001);
      assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: tooLong })).status, 400);
      const negative = visitWith([3, 4], -5);
      assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: negative })).status, 400);
      const mismatch = visitWith([3, 4], 1000, { favouriteMs: [1000] });
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: mismatch });
      assert.equal(r.status, 400, r.text);
      assert.ok(r.json.error.code && r.json.error.message.includes('favouriteMs'));
    });

    it('stands out: the rollups give the mean within-child score and interval of the raw answers', async () => {
      // The wheels (first part) stand out for these children; one child gives everything a 5.
      for (let i = 0; i < 6; i++) await post(visitWith([5, 3, 3, (i % 2 ? 4 : 2) as Face], 1500));
      await post(visitWith([5, 5, 5, 5, 5], 1500));
      await post(visitWith([2], 1500)); // one rating: nothing to stand out from
      const lm = await loveMap();
      const first = lm.parts.find((p) => p.key === product().parts[0]!.key)!;
      assert.ok(first.standsOut.mean! > 0.5, `the first part stands out (${first.standsOut.mean})`);
      assert.ok(first.standsOut.low! <= first.standsOut.mean! && first.standsOut.mean! <= first.standsOut.high!);
      assert.ok(first.standsOut.n < first.n, 'a visit with a single rating has no within-child score');
      await assertStandsOutMatchesRaw(false);
      await assertStandsOutMatchesRaw(true);
      await rollupsMatchRaw('after the stands-out visits');
    });

    it('the quality switch changes every figure of the love map and the overview', async () => {
      const all = await loveMap();
      const ok = await loveMap('&quality=ok');
      const lowEffort = (
        await server.tdb.db.query<{ n: number }>(`select count(*)::int as n from visits where product_id = $1 and quality <> 'ok'`, [product().id])
      ).rows[0]!.n;
      assert.ok(lowEffort >= 2);
      assert.equal(all.visits - ok.visits, lowEffort);
      const key = product().parts[0]!.key;
      const a = all.parts.find((p) => p.key === key)!;
      const b = ok.parts.find((p) => p.key === key)!;
      assert.ok(a.n > b.n, 'fewer answers without low-effort visits');
      assert.notDeepEqual(a.faces, b.faces);
      assert.equal((await analyst.call('GET', `/insight/love-map?productId=${product().id}&quality=bad`)).status, 400);

      const o = (await analyst.call('GET', '/insight/overview')).json;
      const oOk = (await analyst.call('GET', '/insight/overview?quality=ok')).json;
      assert.equal(o.totals.visits - oOk.totals.visits, lowEffort);
      const band = o.byAgeBand.find((b: { ageBand: string }) => b.ageBand === '7-9');
      assert.ok(band.sameFace >= 1 && band.tooFast >= 1, JSON.stringify(band));
      assert.ok(Math.abs(band.lowEffortShare.p - (band.sameFace + band.tooFast) / band.visits) < 1e-12);
      const bandOk = oOk.byAgeBand.find((b: { ageBand: string }) => b.ageBand === '7-9');
      assert.equal(bandOk.sameFace + bandOk.tooFast, 0);
    });

    it('exports carry the quality flag and the answer times, and honour the switch', async () => {
      const csv = await analyst.call('GET', '/export/answers.csv');
      assert.equal(csv.status, 200);
      const lines = csv.text.replace(/^\ufeff/, '').trim().split('\n');
      const head = lines[0]!.split(',');
      assert.deepEqual(head.slice(-2), ['quality', 'ms']);
      const q = head.indexOf('quality');
      const qualities = new Set(lines.slice(1).map((l) => l.split(',')[q]));
      assert.ok(qualities.has('too-fast') && qualities.has('same-face') && qualities.has('ok'), [...qualities].join());
      const okOnly = await analyst.call('GET', '/export/answers.csv?quality=ok');
      const okLines = okOnly.text.replace(/^\ufeff/, '').trim().split('\n').slice(1);
      assert.ok(okLines.length > 0 && okLines.every((l) => l.split(',')[q] === 'ok'));
    });

    it('a family deletion subtracts quality and stands-out sums exactly', async () => {
      const a = await post(visitWith([1, 4, 2, 5, 3], 1200));
      const b = await post(visitWith([4, 4, 4, 4], 1200));
      await post(visitWith([2, 5, 2], 200));
      await rollupsMatchRaw('before deleting');
      assert.equal((await api(server, 'DELETE', `/tickets/${a.ticket}`)).status, 200);
      assert.equal((await api(server, 'DELETE', `/tickets/${b.ticket}`)).status, 200);
      await rollupsMatchRaw('after deletions');
      await assertStandsOutMatchesRaw(false);
      await assertStandsOutMatchesRaw(true);
    });
  });
}
