import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../../core/catalog.ts';
import { sha256 } from '../../core/ticket.ts';
import type { Database, Queryable } from '../database.ts';

const ASSET_DIR = fileURLToPath(new URL('../../../assets/demo/', import.meta.url));

async function putAsset(tx: Queryable, file: string, cache: Map<string, string>): Promise<string> {
  const known = cache.get(file);
  if (known) return known;
  const bytes = await readFile(ASSET_DIR + file);
  const id = sha256(bytes).toString('hex');
  const mime = file.endsWith('.svg') ? 'image/svg+xml' : file.endsWith('.png') ? 'image/png' : 'application/octet-stream';
  await tx.query('insert into assets (id, mime, bytes) values ($1, $2, $3) on conflict (id) do nothing', [id, mime, bytes]);
  cache.set(file, id);
  return id;
}

/**
 * Writes a catalog, its showrooms and floors, and publishes it as the next activity
 * version, all in one transaction. Returns the new activity version.
 */
export async function seedCatalog(db: Database, catalog: Catalog): Promise<number> {
  return db.transaction(async (tx) => {
    const assets = new Map<string, string>();
    await tx.query(
      `insert into consent_texts (version, text_zh, text_en, covers, toggles) values ($1, $2, $3, $4, $5) on conflict (version) do nothing`,
      [catalog.consent.version, catalog.consent.text.zh, catalog.consent.text.en, [...(catalog.consent.covers ?? [])], catalog.consent.toggles ? JSON.stringify(catalog.consent.toggles) : null],
    );
    const { rows: vr } = await tx.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from activities');
    const version = vr[0]!.v;
    await tx.query('insert into activities (version, consent_version) values ($1, $2)', [version, catalog.consent.version]);

    const productIds = new Map<string, string>();
    for (const p of catalog.products) {
      const picture = await putAsset(tx, p.picture, assets);
      const { rows } = await tx.query<{ id: string }>(
        `insert into products (key, name_zh, name_en, picture_asset) values ($1, $2, $3, $4)
         on conflict (key) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
                                         picture_asset = excluded.picture_asset
         returning id`,
        [p.key, p.name.zh, p.name.en, picture],
      );
      const productId = rows[0]!.id;
      productIds.set(p.key, productId);
      await tx.query('insert into activity_products (activity_version, product_id) values ($1, $2)', [version, productId]);
      for (const [i, part] of p.parts.entries()) {
        const icon = await putAsset(tx, part.icon, assets);
        const { rows: pr } = await tx.query<{ id: string }>(
          `insert into parts (product_id, key, name_zh, name_en, prompt_zh, prompt_en, x, y, icon_asset, position)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
          [productId, part.key, part.name.zh, part.name.en, part.prompt.zh, part.prompt.en, part.x, part.y, icon, i],
        );
        await tx.query('insert into activity_parts (activity_version, part_id) values ($1, $2)', [version, pr[0]!.id]);
      }
      for (const [i, pair] of p.pairs.entries()) {
        const a = await putAsset(tx, pair.a.picture, assets);
        const b = await putAsset(tx, pair.b.picture, assets);
        const { rows: qr } = await tx.query<{ id: string }>(
          `insert into pairs (product_id, key, prompt_zh, prompt_en, a_label_zh, a_label_en, a_asset,
                              b_label_zh, b_label_en, b_asset, position)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
          [productId, pair.key, pair.prompt.zh, pair.prompt.en, pair.a.label.zh, pair.a.label.en, a, pair.b.label.zh, pair.b.label.en, b, i],
        );
        await tx.query('insert into activity_pairs (activity_version, pair_id) values ($1, $2)', [version, qr[0]!.id]);
      }
    }
    for (const [i, av] of catalog.avatars.entries()) {
      const asset = await putAsset(tx, av.picture, assets);
      await tx.query(
        `insert into avatars (key, name_zh, name_en, asset_id, position) values ($1, $2, $3, $4, $5)
         on conflict (key) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
                                         asset_id = excluded.asset_id, position = excluded.position`,
        [av.key, av.name.zh, av.name.en, asset, i],
      );
    }
    for (const s of catalog.showrooms) {
      const { rows } = await tx.query<{ id: string }>(
        `insert into showrooms (slug, name_zh, name_en) values ($1, $2, $3)
         on conflict (slug) do update set name_zh = excluded.name_zh returning id`,
        [s.slug, s.name.zh, s.name.en],
      );
      for (const key of s.products) {
        const productId = productIds.get(key);
        if (!productId) throw new Error(`showroom ${s.slug} lists unknown product ${key}`);
        await tx.query(
          'insert into showroom_products (showroom_id, product_id) values ($1, $2) on conflict do nothing',
          [rows[0]!.id, productId],
        );
      }
    }
    return version;
  });
}
