/**
 * A large, realistic data set for the insight benchmark, written with set-based SQL (one
 * INSERT … SELECT per table over generate_series and random()), not visit by visit.
 *
 * Shape: SHOWROOMS showrooms (the demo one plus bench-02…), each with both demo car models on
 * its floor and one kiosk; DAYS days ending yesterday in the report time zone, busier at
 * weekends, on a one-week holiday and as the programme grows; showrooms Zipf-skewed; per visit
 * ~8 of the 10 parts rated with faces skewed to the top (more so for appealing parts and for
 * 4-6 year olds), 3 favourites drawn among the rated parts (weighted by appeal and face), the
 * model's 3 this-or-that pairs (each answered 97 % of the time), "again?" (3 % skipped), a typed
 * idea on 25 % of visits; abandoned visits reported for ~12 % as many visits.
 *
 * Bulk load: the keys, unique constraints, foreign keys and indexes of the tables written are
 * dropped first and re-created afterwards with their original definitions (so foreign keys are
 * validated once, in one join each, instead of row by row), then the tables are VACUUM ANALYZEd
 * so the server meets them as autovacuum would leave them. Nothing is UNLOGGED and
 * synchronous_commit is left alone (the load is a handful of large statements).
 * The schema after the load is compared with the schema before it.
 */
import type { Queryable } from '../../src/db/database.ts';
import { fillRollups, ROLLUP_TABLES } from './rollups.ts';

export const DAYS = 180;
export const SHOWROOMS = 20;

/** The tables the load writes (their keys and indexes are rebuilt after it). */
const LOADED = ['visits', 'ratings', 'favourites', 'choices', 'ideas', 'abandoned_visits', ...ROLLUP_TABLES];

/** How appealing each part is to children (0–1): the faces and favourites lean on it. */
const APPEAL: Record<string, number> = {
  screen: 0.9, colour: 0.85, lights: 0.7, sound: 0.65, seats: 0.6, wheels: 0.55,
  'steering-wheel': 0.5, doors: 0.4, 'charging-port': 0.35, boot: 0.3,
};
/** The chance a child rates the part at all (the kiosk lets them skip): mean ~0.8. */
const RATED: Record<string, number> = {
  screen: 0.9, colour: 0.88, lights: 0.85, sound: 0.8, seats: 0.82, wheels: 0.85,
  'steering-wheel': 0.78, doors: 0.75, 'charging-port': 0.7, boot: 0.67,
};
const PAIR_A: Record<string, number> = { 'car-colour': 0.62, 'screen-or-buttons': 0.78, 'light-shape': 0.45, ceiling: 0.81, music: 0.33, 'seat-style': 0.52 };
const IDEAS = [
  'A car that can fly over the traffic and has a slide for my dog',
  '我想要一辆会游泳的车，还要有冰箱放冰淇淋',
  'Make the seats bouncy like a trampoline!',
  '车顶可以打开看星星',
  'Put a tiny garden in the boot so we can grow strawberries on the way to grandma',
  '希望车灯是彩虹色的，晚上很漂亮',
  'Windows that turn into TV screens for the back seat',
  '方向盘上要有一个按钮可以放音乐',
];

export interface GenerateOptions {
  visits: number;
  /** REPORT_TIMEZONE of the server that will read the data. */
  timeZone: string;
  /** Session settings for the load (PostgreSQL: memory for sorts and index builds). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface GenerateResult {
  seconds: number;
  steps: { step: string; seconds: number }[];
  counts: Record<string, number>;
  firstDay: string;
  lastDay: string;
  showrooms: { id: string; slug: string; visits: number }[];
  products: { id: string; key: string; visits: number }[];
}

/** Small deterministic PRNG (mulberry32), for the per-day and per-showroom weights. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `slots` cells, each holding a 1-based index, in proportion to `weights` (a lookup array for random choice). */
function slots(weights: number[], slotCount = 1000): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  for (const [i, w] of weights.entries()) {
    acc += w;
    const upTo = i === weights.length - 1 ? slotCount : Math.round((acc / total) * slotCount);
    while (out.length < upTo) out.push(i + 1);
  }
  return out;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Today's date in `timeZone`, as YYYY-MM-DD. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

/** Visits per day: growing over the period, busier at weekends and during a holiday week, with noise. Sums to `total`. */
function dayCounts(total: number, lastDay: string): { days: string[]; counts: number[] } {
  const r = rng(20_260_101);
  const days: string[] = [];
  const w: number[] = [];
  for (let i = 0; i < DAYS; i++) {
    const day = addDays(lastDay, i - (DAYS - 1));
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = dow === 0 || dow === 6 ? 1.7 : 1;
    const holiday = i >= 120 && i < 127 ? 2.2 : 1;
    days.push(day);
    w.push((0.75 + (0.5 * i) / (DAYS - 1)) * weekend * holiday * (0.85 + 0.3 * r()));
  }
  const sum = w.reduce((a, b) => a + b, 0);
  const counts = w.map((x) => Math.floor((x / sum) * total));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let i = counts.length - 1; missing > 0; i = (i - 1 + counts.length) % counts.length, missing--) counts[i]!++;
  return { days, counts };
}

interface SchemaObject {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f' | 'i';
  def: string;
}

/** Keys, unique constraints and foreign keys touching `tables`, and their other indexes (not CHECKs). */
export async function schemaObjects(db: Queryable, tables: string[]): Promise<SchemaObject[]> {
  const cons = await db.query<{ table: string; name: string; kind: 'p' | 'u' | 'f'; def: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, c.contype::text as kind, pg_get_constraintdef(c.oid) as def
       from pg_constraint c
      where c.contype in ('p', 'u', 'f')
        and (c.conrelid = any(select oid from pg_class where relname = any($1::text[]) and relnamespace = 'public'::regnamespace)
          or c.confrelid = any(select oid from pg_class where relname = any($1::text[]) and relnamespace = 'public'::regnamespace))
      order by 1, 2`,
    [tables],
  );
  const idx = await db.query<{ table: string; name: string; def: string }>(
    `select i.tablename as table, i.indexname as name, i.indexdef as def
       from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.indexname))::regclass and c.contype in ('p', 'u'))
      order by 1, 2`,
    [tables],
  );
  return [...cons.rows, ...idx.rows.map((r) => ({ ...r, kind: 'i' as const }))];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Generates `visits` visits (with answers, ideas, abandoned visits and rollups) into a migrated
 * database seeded with the demo catalog. `db` must be ONE session (temp tables and settings).
 */
export async function generate(db: Queryable, opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  const steps: { step: string; seconds: number }[] = [];
  const t0 = performance.now();
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    const s = (performance.now() - t) / 1000;
    steps.push({ step: name, seconds: s });
    log(`  ${name}: ${s.toFixed(1)} s`);
    return out;
  };
  for (const [k, v] of Object.entries(opts.settings ?? {})) await db.query(`select set_config($1, $2, false)`, [k, v]);
  await db.query(`select setseed(0.4242)`);

  const N = opts.visits;
  const lastDay = addDays(todayIn(opts.timeZone), -1);
  const { days, counts } = dayCounts(N, lastDay);
  const offsets: number[] = [];
  counts.reduce((acc, c) => (offsets.push(acc), acc + c), 0);

  // Catalog: the demo activity (one published version), its two models, parts and pairs.
  const act = (await db.query<{ version: number; consent: string }>(`select version, consent_version as consent from activities order by version desc limit 1`)).rows[0];
  if (!act) throw new Error('no published activity: seed the demo catalog first');
  const products = (await db.query<{ id: string; key: string }>(`select p.id, p.key from activity_products ap join products p on p.id = ap.product_id where ap.activity_version = $1 order by p.key`, [act.version])).rows;
  const avatars = (await db.query<{ key: string }>(`select key from avatars order by position, key`)).rows.map((r) => r.key);

  const showrooms = await step('showrooms, floors and kiosks', async () => {
    await db.query(
      `insert into showrooms (slug, name_zh, name_en)
       select 'bench-' || lpad(i::text, 2, '0'), '基准展厅 ' || i, 'Bench showroom ' || i from generate_series(2, $1::int) i
       on conflict (slug) do nothing`,
      [SHOWROOMS],
    );
    const rows = (await db.query<{ id: string; slug: string }>(`select id, slug from showrooms where slug = 'demo' or slug like 'bench-%' order by slug = 'demo' desc, slug`)).rows;
    if (rows.length !== SHOWROOMS) throw new Error(`expected ${SHOWROOMS} showrooms, found ${rows.length}`);
    await db.query(`insert into showroom_products (showroom_id, product_id) select s, p from unnest($1::uuid[]) s, unnest($2::uuid[]) p on conflict do nothing`, [
      rows.map((r) => r.id),
      products.map((p) => p.id),
    ]);
    const devices = await db.query<{ id: string; showroom_id: string }>(
      `insert into devices (showroom_id, name, token_hash, last_seen_at, app_version, pending_count)
       select s.id, 'bench kiosk ' || s.slug, sha256(convert_to('la-bench-device:' || s.slug || ':' || random()::text, 'UTF8')), now(), 'bench', 0
         from showrooms s where s.id = any($1::uuid[]) returning id, showroom_id`,
      [rows.map((r) => r.id)],
    );
    const byShowroom = new Map(devices.rows.map((d) => [d.showroom_id, d.id]));
    return rows.map((r) => ({ ...r, device: byShowroom.get(r.id)! }));
  });

  await step('catalog parameters (temp tables)', async () => {
    await db.exec(`
      drop table if exists bench_parts; drop table if exists bench_pairs;
      create temp table bench_parts (product_id uuid, part_id uuid, appeal float8, p_rated float8);
      create temp table bench_pairs (product_id uuid, pair_id uuid, p_a float8);`);
    const parts = (await db.query<{ product_id: string; id: string; key: string }>(
      `select p.product_id, p.id, p.key from activity_parts ap join parts p on p.id = ap.part_id where ap.activity_version = $1`,
      [act.version],
    )).rows;
    const pairs = (await db.query<{ product_id: string; id: string; key: string }>(
      `select p.product_id, p.id, p.key from activity_pairs ap join pairs p on p.id = ap.pair_id where ap.activity_version = $1`,
      [act.version],
    )).rows;
    await db.query(`insert into bench_parts select * from unnest($1::uuid[], $2::uuid[], $3::float8[], $4::float8[])`, [
      parts.map((p) => p.product_id), parts.map((p) => p.id), parts.map((p) => APPEAL[p.key] ?? 0.5), parts.map((p) => RATED[p.key] ?? 0.8),
    ]);
    await db.query(`insert into bench_pairs select * from unnest($1::uuid[], $2::uuid[], $3::float8[])`, [
      pairs.map((p) => p.product_id), pairs.map((p) => p.id), pairs.map((p) => PAIR_A[p.key] ?? 0.5),
    ]);
  });

  // Keys, foreign keys and indexes of the loaded tables: dropped now, re-created after the load.
  const before = await schemaObjects(db, LOADED);
  await step('drop keys and indexes of the loaded tables', async () => {
    for (const o of before.filter((o) => o.kind === 'f')) await db.exec(`alter table ${o.table} drop constraint ${q(o.name)}`);
    for (const o of before.filter((o) => o.kind === 'p' || o.kind === 'u')) await db.exec(`alter table ${o.table} drop constraint ${q(o.name)}`);
    for (const o of before.filter((o) => o.kind === 'i')) await db.exec(`drop index ${q(o.name)}`);
  });

  const showroomWeights = showrooms.map((_, i) => 1 / Math.pow(i + 1, 0.9));
  await step(`visits (${N.toLocaleString('en')})`, () =>
    db.query(
      `insert into visits (id, ticket_hash, content_hash, device_id, showroom_id, activity_version, product_id, locale, age_band, avatar,
                           nickname, nickname_flagged, consent_gallery, consent_voice, consent_nickname, consent_text_version,
                           started_at, completed_at, again, received_at)
       select md5('la-bench-visit:' || g.n)::uuid, sha256(int8send(g.n)), sha256(int8send(-g.n)),
              ($1::uuid[])[g.s], ($2::uuid[])[g.s], $3::int, ($4::uuid[])[g.p],
              case when g.u_locale < 0.85 then 'zh-CN' else 'en' end,
              (array['4-6', '7-9', '10-12'])[g.a],
              ($5::text[])[1 + floor(g.u_avatar * array_length($5::text[], 1))::int],
              case when g.u_nick < 0.55 then (array['Mimi', 'Leo', '小明', '朵朵', 'Sam', 'Yoyo', '乐乐', 'Ben', 'Lily', '豆豆'])[1 + floor(g.u_nick / 0.055)::int] end,
              false, g.u_gallery < 0.5, false, g.u_nick < 0.55, $6::text,
              g.done - make_interval(secs => g.dur), g.done,
              case when g.u_again < 0.55 then 'yes' when g.u_again < 0.82 then 'maybe' when g.u_again < 0.97 then 'no' end,
              g.done + make_interval(secs => 1 + 30 * g.u_recv)
         from (
           select d.n0 + i as n,
                  ($7::int[])[1 + floor(random() * 1000)::int] as s,
                  ($8::int[])[1 + floor(random() * 1000)::int] as p,
                  ($9::int[])[1 + floor(random() * 1000)::int] as a,
                  random() as u_locale, random() as u_avatar, random() as u_nick, random() as u_gallery, random() as u_again, random() as u_recv,
                  -- showrooms open 10:00-20:00 (the report day is the local day)
                  (d.day + make_interval(hours => 10) + random() * interval '10 hours') at time zone $10::text as done,
                  -- log-normal, median 4 min, 40 s to 30 min
                  greatest(40, least(1800, exp(ln(240) + 0.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))) as dur
             from unnest($11::date[], $12::int[], $13::bigint[]) as d(day, cnt, n0), generate_series(1, d.cnt) as i
         ) g`,
      [
        showrooms.map((s) => s.device), showrooms.map((s) => s.id), act.version, products.map((p) => p.id), avatars, act.consent,
        slots(showroomWeights), slots(products.map((p) => (p.key === 'sedan' ? 0.56 : 0.44))), slots([0.32, 0.43, 0.25]),
        opts.timeZone, days, counts, offsets,
      ],
    ),
  );

  await step('ratings (staging, with a favourite draw per rating)', async () => {
    await db.exec(`drop table if exists bench_ratings`);
    // Face: P(5) grows with the part's appeal and is higher for the youngest; the rest of the mass
    // is spread 4 > 3 > 1 > 2 (children use the saddest face more than the slightly sad one).
    // fav_key: an exponential race weighted by appeal and face, so the 3 smallest keys of a visit
    // are a weighted draw without replacement of its favourites.
    await db.exec(`
      create temp table bench_ratings as
      select visit_id, part_id, face, -ln(1 - u_fav) / (appeal * face * face) as fav_key
        from (
          select x.*, case when x.u < x.p5 then 5 when x.u < x.p5 + 0.25 then 4
                           when x.u < x.p5 + 0.25 + (0.75 - x.p5) * 0.45 then 3
                           when x.u < x.p5 + 0.25 + (0.75 - x.p5) * 0.70 then 2 else 1 end::smallint as face
            from (
              select v.id as visit_id, bp.part_id, bp.appeal, bp.p_rated, random() as u_rated, random() as u, random() as u_fav,
                     0.28 + 0.4 * bp.appeal + case v.age_band when '4-6' then 0.08 when '10-12' then -0.08 else 0 end as p5
                from visits v join bench_parts bp on bp.product_id = v.product_id
            ) x
           where x.u_rated < x.p_rated
        ) y`);
  });
  await step('ratings', () => db.query(`insert into ratings (visit_id, part_id, face) select visit_id, part_id, face from bench_ratings`));
  await step('favourites (3 per visit among the rated parts)', () =>
    db.query(
      `insert into favourites (visit_id, part_id, rank)
       select visit_id, part_id, rk from (
         select visit_id, part_id, row_number() over (partition by visit_id order by fav_key) as rk from bench_ratings
       ) r where rk <= 3`,
    ),
  );
  await db.exec(`drop table bench_ratings`);
  await step('choices', () =>
    db.query(
      `insert into choices (visit_id, pair_id, picked)
       select visit_id, pair_id, case when u < p_a then 'a' else 'b' end
         from (select v.id as visit_id, bq.pair_id, bq.p_a, random() as u, random() as u_skip
                 from visits v join bench_pairs bq on bq.product_id = v.product_id) x
        where u_skip < 0.97`,
    ),
  );
  await step('ideas (typed, 25 % of visits)', () =>
    db.query(
      `insert into ideas (visit_id, kind, text, flags, moderation, moderation_reason, created_at, updated_at)
       select id, 'text', ($1::text[])[1 + floor(u2 * array_length($1::text[], 1))::int], '{}',
              case when u3 < 0.6 then 'approved' when u3 < 0.9 then 'pending' else 'rejected' end,
              case when u3 >= 0.9 then 'off topic' end, received_at, received_at
         from (select id, received_at, random() as u, random() as u2, random() as u3 from visits) v
        where u < 0.25`,
      [IDEAS],
    ),
  );
  await step('abandoned visits (~12 % of visits)', () =>
    db.query(
      `insert into abandoned_visits (id, device_id, showroom_id, product_id, age_band, step, at, received_at)
       select md5('la-bench-abandoned:' || id)::uuid, device_id, showroom_id,
              case when u2 < 0.8 then product_id end, case when u3 < 0.7 then age_band end,
              (array['consent', 'avatar', 'explore', 'rate', 'favourites', 'choices', 'idea'])[1 + floor(u4 * 7)::int],
              started_at + (completed_at - started_at) * u5, completed_at + interval '5 seconds'
         from (select v.*, random() as u, random() as u2, random() as u3, random() as u4, random() as u5 from visits v) v
        where u < 0.12`,
    ),
  );
  // The generator writes no answer times, so only the same-face rule of the visit service applies.
  await step('quality (same face on >= 4 ratings)', () =>
    db.query(
      `update visits v set quality = 'same-face'
         from (select visit_id from ratings group by visit_id having count(*) >= 4 and min(face) = max(face)) s
        where v.id = s.visit_id`,
    ),
  );
  await step('rollups (refill_rollups(), the product\'s refill: INSERT … SELECT … GROUP BY over the raw rows)', () => fillRollups(db, opts.timeZone));

  await step('re-create keys and indexes; validate foreign keys', async () => {
    for (const o of before.filter((o) => o.kind === 'p' || o.kind === 'u')) await db.exec(`alter table ${o.table} add constraint ${q(o.name)} ${o.def}`);
    for (const o of before.filter((o) => o.kind === 'i')) await db.exec(o.def);
    for (const o of before.filter((o) => o.kind === 'f')) await db.exec(`alter table ${o.table} add constraint ${q(o.name)} ${o.def}`);
  });
  // refill_rollups() rewrites the rollups in key order when it ends (migration 018), but could not
  // here (their keys were dropped for the load): the same function, now that they are back.
  if ((await db.query<{ f: string | null }>(`select to_regproc('rollup_rewrite_in_key_order')::text as f`)).rows[0]?.f) {
    await step('rollups in key order (rollup_rewrite_in_key_order(), as refill_rollups() ends)', () => db.query('select rollup_rewrite_in_key_order()'));
  }
  const after = await schemaObjects(db, LOADED);
  const key = (o: SchemaObject) => `${o.table}|${o.name}|${o.kind}|${o.def}`;
  const a = new Set(before.map(key));
  const b = new Set(after.map(key));
  const diff = [...a].filter((x) => !b.has(x)).concat([...b].filter((x) => !a.has(x)));
  if (diff.length) throw new Error(`schema differs after the bulk load:\n${diff.join('\n')}`);

  // Rollup tables of the schema that the bench does not know by name (e.g. coarser rollups added by a
  // later migration and filled by the same refill_rollups()): their keys stay in place during the
  // refill, but they are analyzed and counted like the others, so the planner sees their real size.
  const otherRollups = (
    await db.query<{ t: string }>(
      `select table_name::text as t from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name like 'rollup\\_%' order by 1`,
    )
  ).rows.map((r) => r.t).filter((t) => !LOADED.includes(t));
  await step('VACUUM ANALYZE', async () => {
    for (const t of [...LOADED, ...otherRollups]) await db.exec(`vacuum analyze ${t}`);
  });

  const counts2: Record<string, number> = {};
  for (const t of ['visits', 'ratings', 'favourites', 'choices', 'ideas', 'abandoned_visits', ...ROLLUP_TABLES, ...otherRollups]) {
    counts2[t] = (await db.query<{ n: number }>(`select count(*)::int as n from ${t}`)).rows[0]!.n;
  }
  counts2.again = (await db.query<{ n: number }>(`select count(again)::int as n from visits`)).rows[0]!.n;
  const perShowroom = (await db.query<{ id: string; visits: number }>(`select showroom_id as id, count(*)::int as visits from visits group by 1`)).rows;
  const perProduct = (await db.query<{ id: string; visits: number }>(`select product_id as id, count(*)::int as visits from visits group by 1`)).rows;
  return {
    seconds: (performance.now() - t0) / 1000,
    steps,
    counts: counts2,
    firstDay: days[0]!,
    lastDay,
    showrooms: showrooms
      .map((s) => ({ id: s.id, slug: s.slug, visits: perShowroom.find((r) => r.id === s.id)?.visits ?? 0 }))
      .sort((x, y) => y.visits - x.visits),
    products: products.map((p) => ({ ...p, visits: perProduct.find((r) => r.id === p.id)?.visits ?? 0 })),
  };
}
