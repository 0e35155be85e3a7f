import type { Queryable } from '../database.ts';

export interface PartRow {
  id: string;
  product_id: string;
  key: string;
  name_zh: string;
  name_en: string;
  prompt_zh: string;
  prompt_en: string;
  x: number;
  y: number;
  icon_asset: string | null;
  audio_zh: string | null;
  audio_en: string | null;
}

export interface PairRow {
  id: string;
  product_id: string;
  key: string;
  prompt_zh: string;
  prompt_en: string;
  a_label_zh: string;
  a_label_en: string;
  a_asset: string;
  b_label_zh: string;
  b_label_en: string;
  b_asset: string;
  audio_zh: string | null;
  audio_en: string | null;
}

export interface ProductRow {
  id: string;
  key: string;
  name_zh: string;
  name_en: string;
  picture_asset: string;
}

export interface AvatarRow {
  key: string;
  name_zh: string;
  name_en: string;
  asset_id: string;
}

export interface ActivityContents {
  version: number;
  consentVersion: string;
  products: ProductRow[];
  parts: PartRow[];
  pairs: PairRow[];
}

export async function latestActivityVersion(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ v: number | null }>('select max(version) as v from activities');
  return rows[0]?.v ?? null;
}

/** Everything a published activity offers; activities never change once published. */
export async function loadActivity(db: Queryable, version: number): Promise<ActivityContents | null> {
  const a = await db.query<{ consent_version: string }>('select consent_version from activities where version = $1', [version]);
  if (!a.rows[0]) return null;
  const products = await db.query<ProductRow>(
    `select p.id, p.key, p.name_zh, p.name_en, p.picture_asset
       from activity_products ap join products p on p.id = ap.product_id
      where ap.activity_version = $1 order by p.key`,
    [version],
  );
  const parts = await db.query<PartRow>(
    `select p.id, p.product_id, p.key, p.name_zh, p.name_en, p.prompt_zh, p.prompt_en, p.x, p.y, p.icon_asset,
            p.audio_zh, p.audio_en
       from activity_parts ap join parts p on p.id = ap.part_id
      where ap.activity_version = $1 order by p.product_id, p.position, p.key`,
    [version],
  );
  const pairs = await db.query<PairRow>(
    `select p.id, p.product_id, p.key, p.prompt_zh, p.prompt_en, p.a_label_zh, p.a_label_en, p.a_asset,
            p.b_label_zh, p.b_label_en, p.b_asset, p.audio_zh, p.audio_en
       from activity_pairs ap join pairs p on p.id = ap.pair_id
      where ap.activity_version = $1 order by p.product_id, p.position, p.key`,
    [version],
  );
  return { version, consentVersion: a.rows[0].consent_version, products: products.rows, parts: parts.rows, pairs: pairs.rows };
}

export async function listAvatars(db: Queryable): Promise<AvatarRow[]> {
  return (await db.query<AvatarRow>('select key, name_zh, name_en, asset_id from avatars order by position, key')).rows;
}

export async function findConsentText(db: Queryable, version: string): Promise<{ text_zh: string; text_en: string } | null> {
  const { rows } = await db.query<{ text_zh: string; text_en: string }>('select text_zh, text_en from consent_texts where version = $1', [version]);
  return rows[0] ?? null;
}

export interface ConsentTextRow {
  version: string;
  text_zh: string;
  text_en: string;
  covers: string[];
  toggles: { gallery: { zh: string; en: string }; voice: { zh: string; en: string }; nickname: { zh: string; en: string } } | null;
}

/** The newest consent text: the one kiosks show now (the same rule publishing uses). */
export async function currentConsentText(db: Queryable): Promise<ConsentTextRow | null> {
  const { rows } = await db.query<ConsentTextRow>(
    'select version, text_zh, text_en, covers, toggles from consent_texts order by created_at desc, version desc limit 1',
  );
  return rows[0] ?? null;
}

export async function findAsset(db: Queryable, id: string): Promise<{ mime: string; bytes: unknown } | null> {
  const { rows } = await db.query<{ mime: string; bytes: unknown }>('select mime, bytes from assets where id = $1', [id]);
  return rows[0] ?? null;
}

export async function isCatalogEmpty(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from activities');
  return rows[0]!.n === 0;
}
