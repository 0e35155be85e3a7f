import type { Queryable } from '../database.ts';
import type { Spans } from './insight-spans.ts';

/** The filters every insight query takes; days are inclusive, in the report time zone. */
export interface InsightScope {
  from: string;
  to: string;
  showroomIds: string[] | null;
  ageBands: string[] | null;
  /** 'ok' leaves out low-effort visits (same-face, too-fast); null counts every visit. */
  quality?: 'ok' | null;
}

const FILTER = `r.day between $1::date and $2::date
  and ($3::uuid[] is null or r.showroom_id = any($3::uuid[]))
  and ($4::text[] is null or r.age_band = any($4::text[]))
  and ($5::text is null or r.quality = $5::text)`;

const params = (s: InsightScope) => [s.from, s.to, s.showroomIds, s.ageBands, s.quality ?? null];

/**
 * Visits and visits with an idea per day. Sealed days come from rollup_days (migration 016: no
 * model key, two sums: half the rows of rollup_visits and a fifth of the width), the others from
 * rollup_visits. Without spans, every day from rollup_visits.
 */
export async function visitsByDay(db: Queryable, s: InsightScope, sp?: Spans) {
  const keys = `($1::uuid[] is null or r.showroom_id = any($1::uuid[]))
    and ($2::text[] is null or r.age_band = any($2::text[]))
    and ($3::text is null or r.quality = $3::text)`;
  const sealed = sp ? sp.sealedDays : null;
  const rest = sp ? sp.tail : [s.from, s.to];
  return (
    await db.query<{ day: string; visits: number; with_idea: number }>(
      `select to_char(r.day, 'YYYY-MM-DD') as day, sum(r.visits)::int as visits, sum(r.with_idea)::int as with_idea
         from (select r.day, r.visits, r.with_idea from rollup_days r where r.day between $4::date and $5::date and ${keys} and insight_serial()
               union all
               select r.day, r.visits, r.with_idea from rollup_visits r where r.day between $6::date and $7::date and ${keys}) r
        group by r.day order by r.day`,
      [s.showroomIds, s.ageBands, s.quality ?? null, sealed?.[0] ?? null, sealed?.[1] ?? null, rest?.[0] ?? null, rest?.[1] ?? null],
    )
  ).rows;
}

// A family's deletion subtracts and may leave all-zero rollup rows: groups whose visits sum to
// zero are left out, as a GROUP BY over the raw rows has no such group (test/rollups.property.test.ts).
export async function visitsByShowroom(db: Queryable, s: InsightScope) {
  return (
    await db.query<{ id: string; slug: string; name_zh: string; name_en: string; visits: number }>(
      `select sh.id, sh.slug, sh.name_zh, sh.name_en, sum(r.visits)::int as visits
         from rollup_visits r join showrooms sh on sh.id = r.showroom_id
        where ${FILTER} group by sh.id having sum(r.visits) > 0 order by visits desc, sh.slug`,
      params(s),
    )
  ).rows;
}

export async function visitsByAgeBand(db: Queryable, s: InsightScope) {
  return (
    await db.query<{ age_band: string; visits: number; same_face: number; too_fast: number }>(
      `select r.age_band, sum(r.visits)::int as visits,
              coalesce(sum(r.visits) filter (where r.quality = 'same-face'), 0)::int as same_face,
              coalesce(sum(r.visits) filter (where r.quality = 'too-fast'), 0)::int as too_fast
         from rollup_visits r where ${FILTER} group by r.age_band having sum(r.visits) > 0 order by r.age_band`,
      params(s),
    )
  ).rows;
}

export async function visitsByModel(db: Queryable, s: InsightScope) {
  return (
    await db.query<{ id: string; key: string; name_zh: string; name_en: string; visits: number }>(
      `select p.id, p.key, p.name_zh, p.name_en, sum(r.visits)::int as visits
         from rollup_visits r join products p on p.id = r.product_id
        where ${FILTER} group by p.id having sum(r.visits) > 0 order by visits desc, p.key`,
      params(s),
    )
  ).rows;
}

/**
 * The rows of a rollup table for a scope, as a subquery `r` of `cols`: day rows for the edge
 * days and the days not sealed yet, coarse rows (migration 016) for the whole blocks and months
 * inside the range (insight-spans.ts). Every sum over `r` equals the sum over the day rows of
 * the range. Parameters: $1 showrooms, $2 age bands, $3 quality, $4 days, $5 blocks, $6 months,
 * $7 and $8 the unsealed tail's first and last day; `extra` is an additional condition.
 */
function source(table: string, cols: string, extra = 'true'): string {
  const keys = `($1::uuid[] is null or r.showroom_id = any($1::uuid[]))
      and ($2::text[] is null or r.age_band = any($2::text[]))
      and ($3::text is null or r.quality = $3::text) and ${extra}`;
  // insight_serial(): no parallel workers for a few thousand rows (migration 016).
  return `(select ${cols} from ${table} r where r.day = any($4::date[]) and ${keys} and insight_serial()
     union all
     select ${cols} from ${table} r where r.day between $7::date and $8::date and ${keys}
     union all
     select ${cols} from ${table}_coarse r where r.grain = 1 and r.day = any($5::date[]) and ${keys}
     union all
     select ${cols} from ${table}_coarse r where r.grain = 2 and r.day = any($6::date[]) and ${keys})`;
}

const sourceParams = (s: InsightScope, sp: Spans) => [
  s.showroomIds, s.ageBands, s.quality ?? null, sp.days, sp.blocks, sp.months, sp.tail?.[0] ?? null, sp.tail?.[1] ?? null,
];

/** Without coarse rows: the whole range as day rows (what every read did before migration 016). */
const daysOnly = (s: InsightScope): Spans => ({ days: [], blocks: [], months: [], tail: [s.from, s.to], sealedDays: null });

/**
 * The overview's breakdowns by showroom, age band and model in ONE pass over the rollup rows of
 * the scope (GROUPING SETS; day, block and month rows: see source()), each ordered and filtered
 * exactly as visitsByShowroom / visitsByAgeBand / visitsByModel answer them. The by-day series
 * needs day rows: visitsByDay, a narrow query (two sums).
 */
export async function visitsBreakdown(db: Queryable, s: InsightScope, sp: Spans = daysOnly(s)) {
  const { rows } = await db.query<{
    k: number; id: string | null; slug: string | null; key: string | null; name_zh: string | null; name_en: string | null;
    age_band: string | null; visits: number; same_face: number; too_fast: number;
  }>(
    `with g as materialized (
       select case when grouping(r.showroom_id) = 0 then 2 when grouping(r.age_band) = 0 then 3 else 4 end as k,
              r.showroom_id, r.age_band, r.product_id,
              sum(r.visits)::int as visits,
              coalesce(sum(r.visits) filter (where r.quality = 'same-face'), 0)::int as same_face,
              coalesce(sum(r.visits) filter (where r.quality = 'too-fast'), 0)::int as too_fast
         from ${source('rollup_visits', 'r.showroom_id, r.age_band, r.product_id, r.quality, r.visits')} r
        group by grouping sets ((r.showroom_id), (r.age_band), (r.product_id))
     )
     select g.k, coalesce(sh.id, p.id) as id, sh.slug, p.key,
            coalesce(sh.name_zh, p.name_zh) as name_zh, coalesce(sh.name_en, p.name_en) as name_en,
            g.age_band, g.visits, g.same_face, g.too_fast
       from g
       left join showrooms sh on g.k = 2 and sh.id = g.showroom_id
       left join products p on g.k = 4 and p.id = g.product_id
      where g.visits > 0
      order by g.k, case when g.k in (2, 4) then -g.visits end, sh.slug, p.key, g.age_band`,
    sourceParams(s, sp),
  );
  const of = (k: number) => rows.filter((r) => r.k === k);
  return {
    byShowroom: of(2).map((r) => ({ id: r.id!, slug: r.slug!, name_zh: r.name_zh!, name_en: r.name_en!, visits: r.visits })),
    byAgeBand: of(3).map((r) => ({ age_band: r.age_band!, visits: r.visits, same_face: r.same_face, too_fast: r.too_fast })),
    byModel: of(4).map((r) => ({ id: r.id!, key: r.key!, name_zh: r.name_zh!, name_en: r.name_en!, visits: r.visits })),
  };
}

/** The 61 duration columns of rollup_visits (migration 013): visits per 15-second bucket. */
export const DURATION_COLUMNS = Array.from({ length: 61 }, (_, i) => `d${i}`);

/**
 * Visits per 15-second duration bucket (61 buckets, the last one "15 min or more"), summed over
 * the rollup rows of the scope (day, block and month rows: one row per key and period).
 */
export async function durationHistogram(db: Queryable, s: InsightScope, sp: Spans = daysOnly(s)): Promise<number[]> {
  const { rows } = await db.query<Record<string, number | null>>(
    `select ${DURATION_COLUMNS.map((c) => `sum(r.${c})::int as ${c}`).join(', ')}
       from ${source('rollup_visits', DURATION_COLUMNS.map((c) => `r.${c}`).join(', '))} r`,
    sourceParams(s, sp),
  );
  return DURATION_COLUMNS.map((c) => rows[0]?.[c] ?? 0);
}

/**
 * Abandoned visits per day, from their rollup (rollup_abandoned, migration 013: one row per day,
 * showroom and age band; '' for "age band not known", which no age-band filter selects, as a
 * null age band never matched one). The quality filter does not apply: abandoned visits have no
 * answers.
 */
export async function abandonedByDay(db: Queryable, s: InsightScope, _timeZone?: string) {
  return (
    await db.query<{ day: string; n: number }>(
      `select to_char(r.day, 'YYYY-MM-DD') as day, sum(r.visits)::int as n
         from rollup_abandoned r
        where r.day between $1::date and $2::date
          and ($3::uuid[] is null or r.showroom_id = any($3::uuid[]))
          and ($4::text[] is null or r.age_band = any($4::text[]))
        group by r.day having sum(r.visits) > 0 order by r.day`,
      [s.from, s.to, s.showroomIds, s.ageBands],
    )
  ).rows;
}

export async function productVisits(db: Queryable, productId: string, s: InsightScope, sp: Spans = daysOnly(s)) {
  const { rows } = await db.query<{ visits: number; yes: number; maybe: number; no: number }>(
    `select coalesce(sum(r.visits), 0)::int as visits, coalesce(sum(r.again_yes), 0)::int as yes,
            coalesce(sum(r.again_maybe), 0)::int as maybe, coalesce(sum(r.again_no), 0)::int as no
       from ${source('rollup_visits', 'r.visits, r.again_yes, r.again_maybe, r.again_no', 'r.product_id = $9')} r`,
    [...sourceParams(s, sp), productId],
  );
  return rows[0]!;
}

/** Face and favourite counts per part key (a part edited across activity versions keeps its key). */
export async function partTallies(db: Queryable, productId: string, s: InsightScope, sp: Spans = daysOnly(s)) {
  return (
    await db.query<{
      key: string; f1: number; f2: number; f3: number; f4: number; f5: number; fav1: number; fav2: number; fav3: number;
      so_n: number; so_sum: number; so_sq: number;
    }>(
      // Summed per part id first (one rollup row per key, part and period; ~10 parts), then per key.
      `select p.key, sum(r.f1)::int as f1, sum(r.f2)::int as f2, sum(r.f3)::int as f3, sum(r.f4)::int as f4, sum(r.f5)::int as f5,
              sum(r.fav1)::int as fav1, sum(r.fav2)::int as fav2, sum(r.fav3)::int as fav3,
              sum(r.so_n)::int as so_n, sum(r.so_sum)::float8 as so_sum, sum(r.so_sq)::float8 as so_sq
         from (
           select r.part_id, sum(r.f1) as f1, sum(r.f2) as f2, sum(r.f3) as f3, sum(r.f4) as f4, sum(r.f5) as f5,
                  sum(r.fav1) as fav1, sum(r.fav2) as fav2, sum(r.fav3) as fav3,
                  sum(r.so_n) as so_n, sum(r.so_sum) as so_sum, sum(r.so_sq) as so_sq
             from ${source('rollup_parts', 'r.part_id, r.f1, r.f2, r.f3, r.f4, r.f5, r.fav1, r.fav2, r.fav3, r.so_n, r.so_sum, r.so_sq', 'r.product_id = $9')} r
            group by r.part_id
         ) r join parts p on p.id = r.part_id
        group by p.key`,
      [...sourceParams(s, sp), productId],
    )
  ).rows;
}

export async function pairTallies(db: Queryable, productId: string, s: InsightScope, sp: Spans = daysOnly(s)) {
  return (
    await db.query<{ key: string; a: number; b: number }>(
      `select q.key, sum(r.a)::int as a, sum(r.b)::int as b
         from (
           select r.pair_id, sum(r.a) as a, sum(r.b) as b
             from ${source('rollup_pairs', 'r.pair_id, r.a, r.b', 'r.product_id = $9')} r
            group by r.pair_id
         ) r join pairs q on q.id = r.pair_id
        group by q.key`,
      [...sourceParams(s, sp), productId],
    )
  ).rows;
}

/** The newest wording of each part and pair of a model, to label the tallies. */
export async function productLabels(db: Queryable, productId: string) {
  const product = await db.query<{ id: string; key: string; name_zh: string; name_en: string }>('select id, key, name_zh, name_en from products where id = $1', [productId]);
  const parts = await db.query<{ key: string; name_zh: string; name_en: string; position: number }>(
    `select distinct on (key) key, name_zh, name_en, position from parts where product_id = $1 order by key, retired_at desc nulls first, created_at desc`,
    [productId],
  );
  const pairs = await db.query<{ key: string; prompt_zh: string; prompt_en: string; a_label_zh: string; a_label_en: string; b_label_zh: string; b_label_en: string; position: number }>(
    `select distinct on (key) key, prompt_zh, prompt_en, a_label_zh, a_label_en, b_label_zh, b_label_en, position
       from pairs where product_id = $1 order by key, retired_at desc nulls first, created_at desc`,
    [productId],
  );
  return { product: product.rows[0] ?? null, parts: parts.rows, pairs: pairs.rows };
}
