/**
 * Spot-check of the bulk load's rollup SQL: visits stored through the real API (paired kiosks,
 * POST /api/v1/visits, so the rollups are kept by insertWholeVisit's per-visit upserts), then
 * every rollup table compared row by row with the set-based GROUP BY the generator uses
 * (bench/insight/rollups.ts). Visits vary in showroom, model, age band, day (near local midnight
 * too, in a report time zone that is not UTC), duration (under 15 s to over 15 min), "again?"
 * (sometimes skipped), number of ratings, choices and favourites (sometimes none) and idea.
 */
import { randomUUID } from 'node:crypto';
import type { KioskConfig } from '../../src/shared/kiosk-config.ts';
import type { VisitInput } from '../../src/shared/visit.ts';
import { issuePairingCode } from '../../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../../test/helpers/server.ts';
import { onCleanup } from '../lib/cleanup.ts';
import { makeBenchVisit, rng } from '../lib/visits.ts';
import { compareRollups } from './rollups.ts';

export interface SpotCheck {
  engine: 'postgres' | 'pglite';
  visits: number;
  stored: number;
  timeZone: string;
  tables: { table: string; rows: number; missing: number; extra: number }[];
  ok: boolean;
  seconds: number;
}

const SPOT_TZ = 'Asia/Shanghai';

async function pair(server: TestServer, slug: string): Promise<{ auth: Record<string, string>; config: KioskConfig }> {
  const { code } = await issuePairingCode(server.tdb.db, slug);
  const res = await fetch(`${server.base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: `spot ${slug}` }) });
  if (res.status !== 201) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const config = (await (await fetch(`${server.base}/api/v1/kiosk/config`, { headers: auth })).json()) as KioskConfig;
  return { auth, config };
}

function vary(config: KioskConfig, r: () => number): VisitInput {
  const v = makeBenchVisit(config, r, randomUUID());
  // Completed within the last 12 days, a tenth of them within 10 minutes of a local midnight (UTC+8).
  const base = (Math.floor(Date.now() / 86_400_000) - 1 - Math.floor(r() * 12)) * 86_400_000; // a UTC midnight
  const completed = r() < 0.1 ? base - 8 * 3_600_000 + Math.floor((r() - 0.5) * 1_200_000) : base + Math.floor(r() * 86_400_000);
  const durations = [5_000, 14_999, 15_000, 200_000, 899_000, 900_000, 3_600_000];
  const duration = r() < 0.3 ? durations[Math.floor(r() * durations.length)]! : 20_000 + Math.floor(r() * 600_000);
  v.completedAt = new Date(completed).toISOString();
  v.startedAt = new Date(completed - duration).toISOString();
  const product = config.products.find((p) => p.id === v.productId)!;
  if (r() < 0.1) delete v.again;
  if (r() < 0.05) {
    v.ratings = [];
    v.favourites = [];
  } else if (r() < 0.3) {
    // All parts rated (a fuller visit than makeBenchVisit's 4-6).
    v.ratings = product.parts.map((p) => ({ partId: p.id, face: (1 + Math.floor(r() * 5)) as 1 | 2 | 3 | 4 | 5 }));
    v.favourites = v.ratings.slice(0, 1 + Math.floor(r() * 3)).map((x) => x.partId);
  }
  if (r() < 0.05) v.choices = [];
  if (r() < 0.5) delete v.idea;
  return v;
}

export async function spotCheck(engine: 'postgres' | 'pglite', count: number, log: (l: string) => void): Promise<SpotCheck> {
  const t0 = performance.now();
  const savedTz = process.env.REPORT_TIMEZONE;
  process.env.REPORT_TIMEZONE = SPOT_TZ; // read at each query by reportTimeZone(): the in-process server uses it
  let server: TestServer | null = null;
  const close = onCleanup(async () => {
    await server?.close();
  });
  try {
    server = await startTestServer(engine);
    const s = server;
    await s.tdb.db.query(`insert into showrooms (slug, name_zh, name_en) values ('spot-2', '抽查 2', 'Spot 2'), ('spot-3', '抽查 3', 'Spot 3')`);
    await s.tdb.db.query(`insert into showroom_products (showroom_id, product_id) select s.id, p.product_id from showrooms s, activity_products p where s.slug like 'spot-%'`);
    const kiosks = [await pair(s, 'demo'), await pair(s, 'spot-2'), await pair(s, 'spot-3')];
    const r = rng(5);
    const bodies = Array.from({ length: count }, (_, i) => ({ kiosk: kiosks[i % 3]!, visit: vary(kiosks[i % 3]!.config, r) }));
    let next = 0;
    let stored = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < bodies.length) {
          const b = bodies[next++]!;
          const res = await fetch(`${s.base}/api/v1/visits`, { method: 'POST', headers: { 'content-type': 'application/json', ...b.kiosk.auth }, body: JSON.stringify(b.visit) });
          if (res.status !== 201) throw new Error(`spot-check visit: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
          stored++;
        }
      }),
    );
    // Abandoned visits too (rollup_abandoned, migration 013): one per ten visits, near local midnights
    // as well, some without an age band; each sent twice (a replay is counted once).
    for (let i = 0; i < Math.ceil(count / 10); i++) {
      const k = kiosks[i % 3]!;
      const v = bodies[i]!.visit;
      const body = { id: randomUUID(), step: 'explore', at: v.completedAt, productId: v.productId, ...(i % 4 ? { ageBand: v.ageBand } : {}) };
      for (let n = 0; n < 2; n++) {
        const res = await fetch(`${s.base}/api/v1/kiosk/abandoned`, { method: 'POST', headers: { 'content-type': 'application/json', ...k.auth }, body: JSON.stringify(body) });
        if (res.status !== (n === 0 ? 201 : 200)) throw new Error(`spot-check abandoned visit: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }
    const tables = await compareRollups(s.tdb.db, SPOT_TZ);
    const ok = tables.every((t) => t.missing === 0 && t.extra === 0 && t.rows > 0);
    log(`spot-check (${engine}): ${stored} visits through the API; rollups ${ok ? 'EQUAL' : 'DIFFER FROM'} the GROUP BY: ${tables.map((t) => `${t.table} ${t.rows} rows, ${t.missing} missing, ${t.extra} extra`).join('; ')}`);
    return { engine, visits: count, stored, timeZone: SPOT_TZ, tables, ok, seconds: (performance.now() - t0) / 1000 };
  } finally {
    if (savedTz === undefined) delete process.env.REPORT_TIMEZONE;
    else process.env.REPORT_TIMEZONE = savedTz;
    await close();
  }
}
