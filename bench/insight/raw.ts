/**
 * The baseline: what the insight endpoints answer, computed by plain GROUP BYs over the raw
 * tables (visits, ratings, favourites, choices, ideas) with the same filters, no rollups.
 * The day filter is the rollups' own definition (the day of completed_at in the report time
 * zone), plus a sargable range on completed_at one day wider, so the visits indexes can be used.
 * Queries run concurrently like the service's (Promise.all over the pool). The labels are read
 * exactly as the service reads them; abandoned visits are counted over abandoned_visits.
 */
import { histogramMedian } from '../../src/core/stats.ts';
import type { Queryable } from '../../src/db/database.ts';
import * as q from '../../src/db/repositories/insight.repository.ts';

/** $1 from, $2 to, $3 showroom ids, $4 age bands, $5 time zone. */
const VISIT_FILTER = `v.completed_at >= ($1::date::timestamp at time zone $5::text) - interval '1 day'
  and v.completed_at < (($2::date + 1)::timestamp at time zone $5::text) + interval '1 day'
  and (v.completed_at at time zone $5::text)::date between $1::date and $2::date
  and ($3::uuid[] is null or v.showroom_id = any($3::uuid[]))
  and ($4::text[] is null or v.age_band = any($4::text[]))`;
/** The filter of a scope: the switch "leave out low-effort visits" keeps visits of quality ok. */
const visitFilter = (s: q.InsightScope) => VISIT_FILTER + (s.quality === 'ok' ? ` and v.quality = 'ok'` : '');

const args = (s: q.InsightScope, tz: string) => [s.from, s.to, s.showroomIds, s.ageBands, tz];

export interface RawOverview {
  byDay: { day: string; visits: number; with_idea: number }[];
  byShowroom: { id: string; visits: number }[];
  byAgeBand: { age_band: string; visits: number }[];
  byModel: { id: string; visits: number }[];
  medianDurationSec: number | null;
  abandoned: number;
}

export async function rawOverview(db: Queryable, s: q.InsightScope, tz: string): Promise<RawOverview> {
  const p = args(s, tz);
  const [byDay, byShowroom, byAge, byModel, hist, abandoned] = await Promise.all([
    db.query<{ day: string; visits: number; with_idea: number }>(
      `select to_char((v.completed_at at time zone $5::text)::date, 'YYYY-MM-DD') as day, count(*)::int as visits, count(i.visit_id)::int as with_idea
         from visits v left join ideas i on i.visit_id = v.id
        where ${visitFilter(s)} group by 1 order by 1`,
      p,
    ),
    db.query<{ id: string; slug: string; name_zh: string; name_en: string; visits: number }>(
      `select sh.id, sh.slug, sh.name_zh, sh.name_en, count(*)::int as visits
         from visits v join showrooms sh on sh.id = v.showroom_id
        where ${visitFilter(s)} group by sh.id order by visits desc, sh.slug`,
      p,
    ),
    db.query<{ age_band: string; visits: number }>(`select v.age_band, count(*)::int as visits from visits v where ${visitFilter(s)} group by 1 order by 1`, p),
    db.query<{ id: string; key: string; name_zh: string; name_en: string; visits: number }>(
      `select pr.id, pr.key, pr.name_zh, pr.name_en, count(*)::int as visits
         from visits v join products pr on pr.id = v.product_id
        where ${visitFilter(s)} group by pr.id order by visits desc, pr.key`,
      p,
    ),
    db.query<{ bucket: number; visits: number }>(
      `select least(60, floor(extract(epoch from (v.completed_at - v.started_at)) / 15))::int as bucket, count(*)::int as visits
         from visits v where ${visitFilter(s)} group by 1`,
      p,
    ),
    db.query<{ n: number }>(
      `select count(*)::int as n from abandoned_visits a
        where (a.at at time zone $5::text)::date between $1::date and $2::date
          and ($3::uuid[] is null or a.showroom_id = any($3::uuid[]))
          and ($4::text[] is null or a.age_band = any($4::text[]))`,
      p,
    ),
  ]);
  const counts = new Array<number>(61).fill(0);
  for (const r of hist.rows) counts[r.bucket] = r.visits;
  return {
    byDay: byDay.rows,
    byShowroom: byShowroom.rows.map((r) => ({ id: r.id, visits: r.visits })),
    byAgeBand: byAge.rows,
    byModel: byModel.rows.map((r) => ({ id: r.id, visits: r.visits })),
    medianDurationSec: histogramMedian(counts, 15),
    abandoned: abandoned.rows[0]!.n,
  };
}

export interface RawLoveMap {
  visits: number;
  again: { yes: number; maybe: number; no: number };
  parts: Map<string, { faces: number[]; favourites: number[] }>;
  pairs: Map<string, { a: number; b: number }>;
}

export async function rawLoveMap(db: Queryable, productId: string, s: q.InsightScope, tz: string): Promise<RawLoveMap> {
  const p = [...args(s, tz), productId];
  const [, totals, parts, pairs] = await Promise.all([
    q.productLabels(db, productId),
    db.query<{ visits: number; yes: number; maybe: number; no: number }>(
      `select count(*)::int as visits, count(*) filter (where v.again = 'yes')::int as yes,
              count(*) filter (where v.again = 'maybe')::int as maybe, count(*) filter (where v.again = 'no')::int as no
         from visits v where v.product_id = $6 and ${visitFilter(s)}`,
      p,
    ),
    db.query<{ key: string; f1: number; f2: number; f3: number; f4: number; f5: number; fav1: number; fav2: number; fav3: number }>(
      `select pt.key,
              count(*) filter (where r.face = 1)::int as f1, count(*) filter (where r.face = 2)::int as f2,
              count(*) filter (where r.face = 3)::int as f3, count(*) filter (where r.face = 4)::int as f4,
              count(*) filter (where r.face = 5)::int as f5,
              count(*) filter (where f.rank = 1)::int as fav1, count(*) filter (where f.rank = 2)::int as fav2,
              count(*) filter (where f.rank = 3)::int as fav3
         from ratings r
         join visits v on v.id = r.visit_id
         join parts pt on pt.id = r.part_id
         left join favourites f on f.visit_id = r.visit_id and f.part_id = r.part_id
        where v.product_id = $6 and ${visitFilter(s)}
        group by pt.key`,
      p,
    ),
    db.query<{ key: string; a: number; b: number }>(
      `select pq.key, count(*) filter (where c.picked = 'a')::int as a, count(*) filter (where c.picked = 'b')::int as b
         from choices c
         join visits v on v.id = c.visit_id
         join pairs pq on pq.id = c.pair_id
        where v.product_id = $6 and ${visitFilter(s)}
        group by pq.key`,
      p,
    ),
  ]);
  const t = totals.rows[0]!;
  return {
    visits: t.visits,
    again: { yes: t.yes, maybe: t.maybe, no: t.no },
    parts: new Map(parts.rows.map((r) => [r.key, { faces: [r.f1, r.f2, r.f3, r.f4, r.f5], favourites: [r.fav1, r.fav2, r.fav3] }])),
    pairs: new Map(pairs.rows.map((r) => [r.key, { a: r.a, b: r.b }])),
  };
}

/** Differences between an /insight/overview answer and the raw GROUP BYs (empty when equal). */
export function overviewDiff(api: any, raw: RawOverview): string[] {
  const d: string[] = [];
  const eq = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) d.push(`${what}: endpoint ${JSON.stringify(a).slice(0, 200)} ≠ raw ${JSON.stringify(b).slice(0, 200)}`);
  };
  eq('visits', api.totals.visits, raw.byDay.reduce((a, r) => a + r.visits, 0));
  eq('with idea', api.totals.withIdea, raw.byDay.reduce((a, r) => a + r.with_idea, 0));
  eq('abandoned', api.totals.abandoned, raw.abandoned);
  eq('median duration', api.totals.medianDurationSec, raw.medianDurationSec);
  const visitDays = new Map(raw.byDay.map((r) => [r.day, r.visits]));
  eq('by day', api.byDay.filter((r: any) => r.visits > 0 || visitDays.has(r.day)).map((r: any) => [r.day, r.visits]), raw.byDay.map((r) => [r.day, r.visits]));
  eq('by showroom', api.byShowroom.map((r: any) => [r.id, r.visits]), raw.byShowroom.map((r) => [r.id, r.visits]));
  eq('by age band', api.byAgeBand.map((r: any) => [r.ageBand, r.visits]), raw.byAgeBand.map((r) => [r.age_band, r.visits]));
  eq('by model', api.byModel.map((r: any) => [r.productId, r.visits]), raw.byModel.map((r) => [r.id, r.visits]));
  return d;
}

/** Differences between an /insight/love-map answer and the raw GROUP BYs (empty when equal). */
export function loveMapDiff(api: any, raw: RawLoveMap): string[] {
  const d: string[] = [];
  const eq = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) d.push(`${what}: endpoint ${JSON.stringify(a)} ≠ raw ${JSON.stringify(b)}`);
  };
  eq('visits', api.visits, raw.visits);
  eq('again', [api.again.yes, api.again.maybe, api.again.no], [raw.again.yes, raw.again.maybe, raw.again.no]);
  for (const part of api.parts) {
    const r = raw.parts.get(part.key) ?? { faces: [0, 0, 0, 0, 0], favourites: [0, 0, 0] };
    eq(`part ${part.key}`, [part.faces, part.favourites], [r.faces, r.favourites]);
  }
  for (const key of raw.parts.keys()) if (!api.parts.some((p: any) => p.key === key)) d.push(`part ${key} missing from the endpoint`);
  for (const pair of api.pairs) {
    const r = raw.pairs.get(pair.key) ?? { a: 0, b: 0 };
    eq(`pair ${pair.key}`, [pair.a.count, pair.b.count], [r.a, r.b]);
  }
  return d;
}
