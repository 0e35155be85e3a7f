import type { Queryable } from '../database.ts';

export interface NewVisit {
  id: string;
  ticketHash: Buffer;
  contentHash: Buffer;
  deviceId: string;
  showroomId: string;
  activityVersion: number;
  productId: string;
  locale: string;
  ageBand: string;
  avatar: string;
  nickname: string | null;
  nicknameFlagged: boolean;
  consent: { gallery: boolean; voice: boolean; nickname: boolean; textVersion: string };
  startedAt: string;
  completedAt: string;
  again: string | null;
  ratings: { partId: string; face: number; ms?: number | null }[];
  choices: { pairId: string; picked: string; ms?: number | null }[];
  favourites: string[];
  /** Answer time of each favourite, parallel to `favourites` (absent from older kiosks). */
  favouriteMs?: (number | null)[] | null;
  /** 'ok' | 'same-face' | 'too-fast' (src/core/honest.ts); 'ok' when not given. */
  quality?: string;
  idea:
    | null
    | { kind: 'text'; text: string; flags: string[] }
    | { kind: 'drawing'; drawing: unknown; flags: string[] }
    | { kind: 'voice'; mime: string; bytes: Buffer; durationMs: number; flags: string[] };
}

export async function findVisitFingerprint(tx: Queryable, id: string): Promise<{ content_hash: unknown; device_id: string } | null> {
  const { rows } = await tx.query<{ content_hash: unknown; device_id: string }>(
    'select content_hash, device_id from visits where id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/** Days in reports (and "today" on walls) are counted in this time zone. */
export function reportTimeZone(): string {
  return process.env.REPORT_TIMEZONE || 'UTC';
}

/**
 * NOTIFY channel carrying {showroomId} when visits of that showroom were stored: one notice per
 * showroom per ANNOUNCE_WINDOW_MS at most (announceVisitStored), no longer one per visit.
 */
export const VISIT_STORED_CHANNEL = 'visit_stored';

/** Longest a visit's live notice waits behind the previous notice of its showroom. */
export const ANNOUNCE_WINDOW_MS = 100;

interface Announcer {
  /** showroom id → whether another visit arrived since the notice that opened the window */
  open: Map<string, { again: boolean }>;
}
const announcers = new WeakMap<object, Announcer>();

/** Sends the notice; a failure (a closed database, a lost connection) is dropped: walls catch up on the next one. */
function notifyNow(db: Queryable, showroomId: string): Promise<unknown> {
  return Promise.resolve()
    .then(() => db.query(`select pg_notify('${VISIT_STORED_CHANNEL}', json_build_object('showroomId', $1::text)::text)`, [showroomId]))
    .catch(() => {});
}

/**
 * Tells every instance listening on VISIT_STORED_CHANNEL (the hub) that a showroom has a new
 * visit, after the visit's commit, with one NOTIFY per showroom per ANNOUNCE_WINDOW_MS: the
 * first visit of a window is announced at once, later ones of that window by one more notice
 * at its end. A NOTIFY per visit serialised every commit on PostgreSQL's notification lock
 * (migration 015). Inside a transaction (a Queryable without `transaction`) the notice is sent
 * in it, delivered at its commit, as before. Never throws: the visit is stored either way.
 */
export function announceVisitStored(db: Queryable, showroomId: string): void {
  if (!('transaction' in db)) {
    void notifyNow(db, showroomId);
    return;
  }
  let a = announcers.get(db);
  if (!a) announcers.set(db, (a = { open: new Map() }));
  const open = a.open;
  const win = open.get(showroomId);
  if (win) {
    win.again = true;
    return;
  }
  const w = { again: false };
  open.set(showroomId, w);
  void notifyNow(db, showroomId);
  const close = () => {
    if (!w.again) {
      open.delete(showroomId);
      return;
    }
    w.again = false;
    void notifyNow(db, showroomId);
    setTimeout(close, ANNOUNCE_WINDOW_MS).unref?.();
  };
  setTimeout(close, ANNOUNCE_WINDOW_MS).unref?.();
}

/**
 * Stores a whole visit with ONE statement calling store_visit() (migrations 005, 009, 013, 015): the
 * tombstone check, the visit row, its answers, the idea and its media and the rollups; the live
 * notice follows the commit (announceVisitStored).
 * One statement is atomic by itself, so no explicit transaction is needed, and PGlite (one
 * connection) pays one short round trip; the function's plans are cached per session.
 * Favourites are passed as a rank per rated part (0 = not a favourite).
 * Returns 'stored', 'exists' (same id already stored: nothing written) or 'tombstoned'.
 */
/** The store_visit call of insertWholeVisit; `fn` lets the ingest bench call variants of it with the same arguments. */
export function storeVisitSql(fn = 'store_visit'): string {
  return `select ${fn}($1::uuid, $2::bytea, $3::bytea, $4::uuid, $5::uuid, $6::int, $7::uuid, $8, $9, $10, $11,
                        $12::boolean, $13::boolean, $14::boolean, $15::boolean, $16, $17::timestamptz, $18::timestamptz, $19,
                        $20::bytea, $21::uuid[], $22::smallint[], $23::smallint[], $24::uuid[], $25::text[],
                        $26, $27, $28::jsonb, $29::text[], $30, $31::bytea, $32::int, $33,
                        $34, $35::int[], $36::int[], $37::int[]) as outcome`;
}

/** The arguments of store_visit for a visit (favourites as a rank per rated part, 0 = not a favourite). */
export function storeVisitParams(v: NewVisit, idHash: Buffer): unknown[] {
  const idea = v.idea;
  return [
    v.id, v.ticketHash, v.contentHash, v.deviceId, v.showroomId, v.activityVersion, v.productId,
    v.locale, v.ageBand, v.avatar, v.nickname, v.nicknameFlagged, v.consent.gallery, v.consent.voice,
    v.consent.nickname, v.consent.textVersion, v.startedAt, v.completedAt, v.again,
    idHash,
    v.ratings.map((r) => r.partId),
    v.ratings.map((r) => r.face),
    v.ratings.map((r) => {
      const rank = v.favourites.indexOf(r.partId);
      return rank >= 0 ? rank + 1 : 0;
    }),
    v.choices.map((c) => c.pairId),
    v.choices.map((c) => c.picked),
    idea ? idea.kind : null,
    idea?.kind === 'text' ? idea.text : null,
    idea?.kind === 'drawing' ? JSON.stringify(idea.drawing) : null,
    idea ? idea.flags : [],
    idea?.kind === 'voice' ? idea.mime : null,
    idea?.kind === 'voice' ? idea.bytes : null,
    idea?.kind === 'voice' ? idea.durationMs : null,
    reportTimeZone(),
    v.quality ?? 'ok',
    v.ratings.map((r) => r.ms ?? null),
    v.choices.map((c) => c.ms ?? null),
    v.ratings.map((r) => {
      const rank = v.favourites.indexOf(r.partId);
      return rank >= 0 ? (v.favouriteMs?.[rank] ?? null) : null;
    }),
  ];
}

export async function insertWholeVisit(db: Queryable, v: NewVisit, idHash: Buffer): Promise<'stored' | 'exists' | 'tombstoned'> {
  const { rows } = await db.query<{ outcome: 'stored' | 'exists' | 'tombstoned' }>(storeVisitSql(), storeVisitParams(v, idHash));
  const outcome = rows[0]!.outcome;
  if (outcome === 'stored') announceVisitStored(db, v.showroomId);
  return outcome;
}

export interface VisitByTicket {
  id: string;
  completed_at: Date;
  locale: string;
  age_band: string;
  avatar: string;
  nickname: string | null;
  consent_gallery: boolean;
  consent_voice: boolean;
  consent_nickname: boolean;
  consent_text_version: string;
  /** The uses the recorded consent text version names (migration 008). */
  consent_covers: string[];
  again: string | null;
  showroom_slug: string;
  showroom_name_zh: string;
  showroom_name_en: string;
  product_id: string;
  product_key: string;
  product_name_zh: string;
  product_name_en: string;
  product_picture: string;
  avatar_name_zh: string | null;
  avatar_name_en: string | null;
  avatar_asset: string | null;
}

export async function findVisitByTicketHash(db: Queryable, ticketHash: Buffer): Promise<VisitByTicket | null> {
  const { rows } = await db.query<VisitByTicket>(
    `select v.id, v.completed_at, v.locale, v.age_band, v.avatar, v.nickname, v.consent_gallery, v.consent_voice,
            v.consent_nickname, v.consent_text_version, v.again,
            (select ct.covers from consent_texts ct where ct.version = v.consent_text_version) as consent_covers,
            s.slug as showroom_slug, s.name_zh as showroom_name_zh, s.name_en as showroom_name_en,
            p.id as product_id, p.key as product_key, p.name_zh as product_name_zh, p.name_en as product_name_en,
            p.picture_asset as product_picture,
            a.name_zh as avatar_name_zh, a.name_en as avatar_name_en, a.asset_id as avatar_asset
       from visits v
       join showrooms s on s.id = v.showroom_id
       join products p on p.id = v.product_id
       left join avatars a on a.key = v.avatar
      where v.ticket_hash = $1`,
    [ticketHash],
  );
  return rows[0] ?? null;
}

export async function isTicketTombstoned(db: Queryable, ticketHash: Buffer): Promise<boolean> {
  const { rows } = await db.query('select 1 from visit_tombstones where ticket_hash = $1', [ticketHash]);
  return rows.length > 0;
}

export async function visitAnswers(db: Queryable, visitId: string) {
  const ratings = await db.query<{ part_id: string; key: string; name_zh: string; name_en: string; face: number }>(
    `select r.part_id, p.key, p.name_zh, p.name_en, r.face from ratings r join parts p on p.id = r.part_id
      where r.visit_id = $1 order by p.position, p.key`,
    [visitId],
  );
  const favourites = await db.query<{ part_id: string; key: string; name_zh: string; name_en: string; rank: number }>(
    `select f.part_id, p.key, p.name_zh, p.name_en, f.rank from favourites f join parts p on p.id = f.part_id
      where f.visit_id = $1 order by f.rank`,
    [visitId],
  );
  const choices = await db.query<{
    pair_id: string; picked: string; prompt_zh: string; prompt_en: string;
    a_label_zh: string; a_label_en: string; b_label_zh: string; b_label_en: string;
  }>(
    `select c.pair_id, c.picked, q.prompt_zh, q.prompt_en, q.a_label_zh, q.a_label_en, q.b_label_zh, q.b_label_en
       from choices c join pairs q on q.id = c.pair_id where c.visit_id = $1 order by q.position, q.key`,
    [visitId],
  );
  const idea = await db.query<{
    kind: string; text: string | null; drawing: unknown; media_id: string | null; moderation: string;
    product_status: string; reply_zh: string | null; reply_en: string | null;
  }>(
    `select kind, text, drawing, media_id, moderation, product_status, reply_zh, reply_en from ideas where visit_id = $1`,
    [visitId],
  );
  return { ratings: ratings.rows, favourites: favourites.rows, choices: choices.rows, idea: idea.rows[0] ?? null };
}

export async function findMedia(db: Queryable, id: string): Promise<{ mime: string; bytes: unknown; duration_ms: number | null } | null> {
  const { rows } = await db.query<{ mime: string; bytes: unknown; duration_ms: number | null }>(
    'select mime, bytes, duration_ms from media where id = $1',
    [id],
  );
  return rows[0] ?? null;
}

const DURATION_BUCKETS = Array.from({ length: 61 }, (_, i) => i);

/**
 * Stores an abandoned visit (a child who left before the end) and counts it in rollup_abandoned,
 * in one statement (store_abandoned_visit, migration 013). An unknown model id is stored as null.
 * Returns false when this id was already stored (nothing written).
 */
export async function insertAbandonedVisit(
  db: Queryable,
  a: { id: string; deviceId: string; showroomId: string; productId: string | null; ageBand: string | null; step: string; at: string },
): Promise<boolean> {
  const { rows } = await db.query<{ stored: boolean }>(
    'select store_abandoned_visit($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7::timestamptz, $8) as stored',
    [a.id, a.deviceId, a.showroomId, a.productId, a.ageBand, a.step, a.at, reportTimeZone()],
  );
  return rows[0]!.stored;
}

/** Erases a visit (answers, idea and media cascade) and leaves only hashes behind. */
export async function deleteVisit(tx: Queryable, visitId: string, idHash: Buffer, ticketHash: Buffer): Promise<void> {
  await subtractFromRollups(tx, visitId);
  await tx.query('delete from visits where id = $1', [visitId]);
  await tx.query('insert into visit_tombstones (id_hash, ticket_hash) values ($1, $2) on conflict do nothing', [idHash, ticketHash]);
}

/**
 * Takes a visit's answers out of the rollups, inside the transaction that deletes it. A key's
 * rows may be shared out over shards (migration 019); the subtraction goes to shard 0, which
 * every key has (its first visit made it), under shard 0's lock as a visit would take it, and as
 * an upsert: a part or pair row of that shard may not exist yet, and may then hold negative
 * counts. Each key's sum over its shards stays exact.
 */
async function subtractFromRollups(tx: Queryable, visitId: string): Promise<void> {
  const params = [visitId, reportTimeZone()];
  const key = `(v.completed_at at time zone $2::text)::date, v.showroom_id, v.product_id, v.age_band, v.quality`;
  await tx.query(`select pg_advisory_xact_lock(rollup_shard_key(${key}), 0) from visits v where v.id = $1`, params);
  // The duration bucket is a column of the rollup_visits row (migration 013): d<bucket> loses one.
  await tx.query(
    `update rollup_visits r set visits = r.visits - 1,
            again_yes = r.again_yes - (coalesce(v.again, '') = 'yes')::int, again_maybe = r.again_maybe - (coalesce(v.again, '') = 'maybe')::int,
            again_no = r.again_no - (coalesce(v.again, '') = 'no')::int,
            with_idea = r.with_idea - (exists (select 1 from ideas i where i.visit_id = v.id))::int,
            ${DURATION_BUCKETS.map((i) => `d${i} = r.d${i} - (b.bucket = ${i})::int`).join(', ')}
       from visits v cross join lateral (select least(60, floor(extract(epoch from (v.completed_at - v.started_at)) / 15))::int as bucket) b
      where v.id = $1 and (r.day, r.showroom_id, r.product_id, r.age_band, r.quality) = (${key}) and r.shard = 0`,
    params,
  );
  await tx.query(
    `insert into rollup_parts as r (day, showroom_id, product_id, age_band, quality, shard, part_id, f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
     select ${key}, 0, x.part_id,
            -(x.face = 1)::int, -(x.face = 2)::int, -(x.face = 3)::int, -(x.face = 4)::int, -(x.face = 5)::int,
            -(coalesce(f.rank, 0) = 1)::int, -(coalesce(f.rank, 0) = 2)::int, -(coalesce(f.rank, 0) = 3)::int,
            -- the very numbers store_visit added (within_child_score is exact and deterministic)
            -(k.n >= 2)::int,
            -(case when k.n >= 2 then within_child_score(x.face, k.total, k.n) else 0 end),
            -(case when k.n >= 2 then within_child_score(x.face, k.total, k.n) * within_child_score(x.face, k.total, k.n) else 0 end)
       from visits v
       join ratings x on x.visit_id = v.id
       cross join (select count(*)::int as n, coalesce(sum(face), 0)::int as total from ratings where visit_id = $1) k
       left join favourites f on f.visit_id = v.id and f.part_id = x.part_id
      where v.id = $1
      order by x.part_id
     on conflict (product_id, day, showroom_id, age_band, quality, part_id, shard) do update set
       f1 = r.f1 + excluded.f1, f2 = r.f2 + excluded.f2, f3 = r.f3 + excluded.f3, f4 = r.f4 + excluded.f4, f5 = r.f5 + excluded.f5,
       fav1 = r.fav1 + excluded.fav1, fav2 = r.fav2 + excluded.fav2, fav3 = r.fav3 + excluded.fav3,
       so_n = r.so_n + excluded.so_n, so_sum = r.so_sum + excluded.so_sum, so_sq = r.so_sq + excluded.so_sq`,
    params,
  );
  await tx.query(
    `insert into rollup_pairs as r (day, showroom_id, product_id, age_band, quality, shard, pair_id, a, b)
     select ${key}, 0, c.pair_id, -(c.picked = 'a')::int, -(c.picked = 'b')::int
       from visits v join choices c on c.visit_id = v.id
      where v.id = $1
      order by c.pair_id
     on conflict (product_id, day, showroom_id, age_band, quality, pair_id, shard) do update set a = r.a + excluded.a, b = r.b + excluded.b`,
    params,
  );
  // A day already folded into block and month rows (migration 016): its key's coarse rows are
  // rebuilt from the day rows just changed, in this transaction.
  await tx.query(
    `select rollup_touch(${key}, $2::text) from visits v where v.id = $1`,
    params,
  );
}
