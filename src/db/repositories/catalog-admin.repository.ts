import type { Queryable } from '../database.ts';

export async function putAssetBytes(db: Queryable, id: string, mime: string, bytes: Buffer): Promise<void> {
  await db.query('insert into assets (id, mime, bytes) values ($1, $2, $3) on conflict (id) do nothing', [id, mime, bytes]);
}

export async function assetExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('select 1 from assets where id = $1', [id])).rows.length > 0;
}

export async function draftCatalog(db: Queryable) {
  const products = await db.query<{ id: string; key: string; name_zh: string; name_en: string; picture_asset: string; retired_at: Date | null }>(
    'select id, key, name_zh, name_en, picture_asset, retired_at from products order by key',
  );
  const parts = await db.query<{
    id: string; product_id: string; key: string; name_zh: string; name_en: string; prompt_zh: string; prompt_en: string;
    x: number; y: number; icon_asset: string | null; position: number; published: boolean; audio_zh: string | null; audio_en: string | null;
  }>(
    `select p.id, p.product_id, p.key, p.name_zh, p.name_en, p.prompt_zh, p.prompt_en, p.x, p.y, p.icon_asset, p.position, p.audio_zh, p.audio_en,
            exists (select 1 from activity_parts ap where ap.part_id = p.id) as published
       from parts p where p.retired_at is null order by p.product_id, p.position, p.key`,
  );
  const pairs = await db.query<{
    id: string; product_id: string; key: string; prompt_zh: string; prompt_en: string; a_label_zh: string; a_label_en: string; a_asset: string;
    b_label_zh: string; b_label_en: string; b_asset: string; position: number; published: boolean; audio_zh: string | null; audio_en: string | null;
  }>(
    `select q.*, exists (select 1 from activity_pairs ap where ap.pair_id = q.id) as published
       from pairs q where q.retired_at is null order by q.product_id, q.position, q.key`,
  );
  const activities = await db.query<{ version: number; published_at: Date; consent_version: string; products: number; parts: number; pairs: number }>(
    `select a.version, a.published_at, a.consent_version,
            (select count(*) from activity_products x where x.activity_version = a.version)::int as products,
            (select count(*) from activity_parts x where x.activity_version = a.version)::int as parts,
            (select count(*) from activity_pairs x where x.activity_version = a.version)::int as pairs
       from activities a order by a.version desc`,
  );
  return { products: products.rows, parts: parts.rows, pairs: pairs.rows, activities: activities.rows };
}

export async function isPartPublished(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('select 1 from activity_parts where part_id = $1', [id])).rows.length > 0;
}

export async function isPairPublished(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('select 1 from activity_pairs where pair_id = $1', [id])).rows.length > 0;
}

/** Publishes the draft (every product, part and pair not retired) as the next activity version. */
export async function publishDraft(tx: Queryable, userId: string | null): Promise<number> {
  await tx.query('lock table activities in exclusive mode');
  const { rows } = await tx.query<{ v: number; consent: string | null }>(
    `select coalesce(max(version), 0) + 1 as v,
            (select version from consent_texts order by created_at desc, version desc limit 1) as consent
       from activities`,
  );
  const { v, consent } = rows[0]!;
  if (!consent) throw new Error('no consent text exists');
  await tx.query('insert into activities (version, consent_version, published_by) values ($1, $2, $3)', [v, consent, userId]);
  await tx.query('insert into activity_products (activity_version, product_id) select $1, id from products where retired_at is null', [v]);
  await tx.query(
    `insert into activity_parts (activity_version, part_id)
     select $1, p.id from parts p join products pr on pr.id = p.product_id where p.retired_at is null and pr.retired_at is null`,
    [v],
  );
  await tx.query(
    `insert into activity_pairs (activity_version, pair_id)
     select $1, q.id from pairs q join products pr on pr.id = q.product_id where q.retired_at is null and pr.retired_at is null`,
    [v],
  );
  return v;
}
