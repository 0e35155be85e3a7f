/**
 * The rollups as ONE set-based GROUP BY per table over the raw rows. Each yields exactly what the
 * per-visit upserts of insertWholeVisit (src/db/repositories/visits.repository.ts) accumulate:
 * that statement adds, for the visit's key (day of completed_at in the report time zone,
 * showroom, model, age band), 1 to `visits`, a 0/1 indicator per "again?" answer and for "has an
 * idea"; 1 to the duration bucket least(60, floor(seconds / 15)); per rated part a 0/1 indicator
 * per face and per favourite rank (rank from the favourites list, 0 if not a favourite); per
 * answered pair a 0/1 indicator per side. A sum of per-visit indicators per key is a COUNT … FILTER
 * per key, and a key gets a row as soon as one visit (one rating, one choice) has it, as here.
 * (Deleted visits are subtracted from the rollups and may leave all-zero rows behind: the bench
 * deletes none.)
 */
import type { Queryable } from '../../src/db/database.ts';

export const ROLLUP_TABLES = ['rollup_visits', 'rollup_parts', 'rollup_pairs', 'rollup_abandoned'];

const BUCKETS = Array.from({ length: 61 }, (_, i) => i);

const KEY = `(v.completed_at at time zone $1::text)::date, v.showroom_id, v.product_id, v.age_band, v.quality`;

/** table → [column list, the SELECT producing them from raw rows ($1 = report time zone)]. */
export const ROLLUP_SELECTS: Record<string, [string, string]> = {
  rollup_visits: [
    `day, showroom_id, product_id, age_band, quality, visits, again_yes, again_maybe, again_no, with_idea, ${BUCKETS.map((i) => `d${i}`).join(', ')}`,
    `select ${KEY}, count(*), count(*) filter (where v.again = 'yes'), count(*) filter (where v.again = 'maybe'),
            count(*) filter (where v.again = 'no'), count(i.visit_id),
            ${BUCKETS.map((b) => `count(*) filter (where least(60, floor(extract(epoch from (v.completed_at - v.started_at)) / 15)) = ${b})`).join(', ')}
       from visits v left join ideas i on i.visit_id = v.id
      group by 1, 2, 3, 4, 5`,
  ],
  rollup_parts: [
    'day, showroom_id, product_id, age_band, quality, part_id, f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq',
    `select ${KEY}, r.part_id,
            count(*) filter (where r.face = 1), count(*) filter (where r.face = 2), count(*) filter (where r.face = 3),
            count(*) filter (where r.face = 4), count(*) filter (where r.face = 5),
            count(*) filter (where f.rank = 1), count(*) filter (where f.rank = 2), count(*) filter (where f.rank = 3),
            count(*) filter (where k.n >= 2),
            coalesce(sum(within_child_score(r.face, k.total, k.n)) filter (where k.n >= 2), 0),
            coalesce(sum(within_child_score(r.face, k.total, k.n) * within_child_score(r.face, k.total, k.n)) filter (where k.n >= 2), 0)
       from ratings r
       join visits v on v.id = r.visit_id
       join (select visit_id, count(*)::int as n, sum(face)::int as total from ratings group by visit_id) k on k.visit_id = r.visit_id
       left join favourites f on f.visit_id = r.visit_id and f.part_id = r.part_id
      group by 1, 2, 3, 4, 5, 6`,
  ],
  rollup_pairs: [
    'day, showroom_id, product_id, age_band, quality, pair_id, a, b',
    `select ${KEY}, c.pair_id, count(*) filter (where c.picked = 'a'), count(*) filter (where c.picked = 'b')
       from choices c join visits v on v.id = c.visit_id
      group by 1, 2, 3, 4, 5, 6`,
  ],
  rollup_abandoned: [
    'day, showroom_id, age_band, visits',
    `select (a.at at time zone $1::text)::date, a.showroom_id, coalesce(a.age_band, ''), count(*)
       from abandoned_visits a
      group by 1, 2, 3`,
  ],
};

/** How many of each table's columns (in ROLLUP_SELECTS order) are its key. */
const KEY_COLUMNS: Record<string, number> = { rollup_visits: 5, rollup_parts: 6, rollup_pairs: 6, rollup_abandoned: 3 };

const EMPTY: Record<string, string> = {
  rollup_visits: 'visits <> 0',
  rollup_abandoned: 'visits <> 0',
  rollup_parts: 'f1 + f2 + f3 + f4 + f5 <> 0',
  rollup_pairs: 'a + b <> 0',
};

/**
 * Fills the rollup tables from the raw rows with the product's own refill (refill_rollups,
 * migration 013, the function migrations use): what is measured is what the product builds.
 * The SELECTs above are an independent GROUP BY, kept to check the server's rollups against.
 */
export async function fillRollups(db: Queryable, timeZone: string): Promise<void> {
  await db.query('select refill_rollups($1)', [timeZone]);
}

/**
 * Rows that differ between each rollup table as the server maintains it and the GROUP BY over
 * the raw rows (both directions of EXCEPT ALL); all zero when they are equal.
 */
export async function compareRollups(db: Queryable, timeZone: string, skipEmpty = false): Promise<{ table: string; rows: number; missing: number; extra: number }[]> {
  const out = [];
  for (const table of ROLLUP_TABLES) {
    const [cols, select] = ROLLUP_SELECTS[table]!;
    // A key's row may be shared out over shards (migration 019): what is stored per key is their sum.
    const names = cols.split(', ');
    const keys = names.slice(0, KEY_COLUMNS[table]);
    const summed = names.map((c, i) => (i < keys.length ? c : `sum(${c}) as ${c}`)).join(', ');
    // Deletions subtract and may leave all-zero rows, which a GROUP BY never produces.
    const having = skipEmpty ? `having ${EMPTY[table]!.replace(/\b(visits|f[1-5]|a|b)\b/g, 'sum($1)')}` : '';
    const { rows } = await db.query<{ rows: number; missing: number; extra: number }>(
      `with stored as (select ${summed} from ${table} group by ${keys.join(', ')} ${having}), expected as (${select})
       select (select count(*) from stored)::int as rows,
              (select count(*) from (select * from expected except all select * from stored) x)::int as missing,
              (select count(*) from (select * from stored except all select * from expected) x)::int as extra`,
      [timeZone],
    );
    out.push({ table, ...rows[0]! });
  }
  return out;
}

/** The rollups with coarse twins (migration 016) and their key columns besides day. */
export const COARSE_TABLES: Record<string, string[]> = {
  rollup_visits: ['showroom_id', 'product_id', 'age_band', 'quality'],
  rollup_parts: ['showroom_id', 'product_id', 'age_band', 'quality', 'part_id'],
  rollup_pairs: ['showroom_id', 'product_id', 'age_band', 'quality', 'pair_id'],
};

/**
 * Rows that differ between each coarse rollup table (…_coarse: 7-day blocks, grain 1, and months,
 * grain 2, of the periods ending on or before rollup_seal.sealed_through; and rollup_days) and the raw GROUP BY
 * above summed per period (period starts computed here, independently of the migration's
 * functions). All zero when they are equal.
 */
export async function compareCoarseRollups(db: Queryable, timeZone: string, skipEmpty = false): Promise<{ table: string; rows: number; missing: number; extra: number }[]> {
  const out = [];
  for (const [table, keys] of Object.entries(COARSE_TABLES)) {
    const [cols, select] = ROLLUP_SELECTS[table]!;
    const values = cols.split(', ').filter((c) => c !== 'day' && !keys.includes(c));
    const list = ['grain', 'day', ...keys, ...values].join(', ');
    const where = skipEmpty ? `where ${EMPTY[table]}` : '';
    const month = `date_trunc('month', x.day)::date`;
    const monthEnd = `((date_trunc('month', x.day) + interval '1 month')::date - 1)`;
    const block = `(${month} + ((extract(day from x.day)::int - 1) / 7) * 7)`;
    const periods = `select 1 as grain, ${block} as start, least(${block} + 6, ${monthEnd}) as stop, x.* from x
                     union all select 2, ${month}, ${monthEnd}, x.* from x`;
    const { rows } = await db.query<{ rows: number; missing: number; extra: number }>(
      `with x (${cols}) as (${select}),
            p as (${periods}),
            expected as (
              select p.grain, p.start as day, ${keys.map((k) => `p.${k}`).join(', ')}, ${values.map((v) => `sum(p.${v})`).join(', ')}
                from p where p.stop <= (select sealed_through from rollup_seal)
               group by p.grain, p.start, ${keys.map((k) => `p.${k}`).join(', ')}),
            stored as (select ${list} from ${table}_coarse ${where})
       select (select count(*) from stored)::int as rows,
              (select count(*) from (select * from expected except all select * from stored) e)::int as missing,
              (select count(*) from (select * from stored except all select * from expected) e)::int as extra`,
      [timeZone],
    );
    out.push({ table: `${table}_coarse`, ...rows[0]! });
  }
  // rollup_days: visits and with_idea per sealed day, showroom, age band and quality.
  const [cols, select] = ROLLUP_SELECTS.rollup_visits!;
  const where = skipEmpty ? 'where visits <> 0' : '';
  const { rows } = await db.query<{ rows: number; missing: number; extra: number }>(
    `with x (${cols}) as (${select}),
          expected as (
            select x.day, x.showroom_id, x.age_band, x.quality, sum(x.visits), sum(x.with_idea)
              from x where x.day <= (select sealed_through from rollup_seal)
             group by x.day, x.showroom_id, x.age_band, x.quality),
          stored as (select day, showroom_id, age_band, quality, visits, with_idea from rollup_days ${where})
     select (select count(*) from stored)::int as rows,
            (select count(*) from (select * from expected except all select * from stored) e)::int as missing,
            (select count(*) from (select * from stored except all select * from expected) e)::int as extra`,
    [timeZone],
  );
  out.push({ table: 'rollup_days', ...rows[0]! });
  return out;
}
