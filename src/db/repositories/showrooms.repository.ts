import type { Queryable } from '../database.ts';

export interface ShowroomRow {
  id: string;
  slug: string;
  name_zh: string;
  name_en: string;
}

export async function findShowroomBySlug(db: Queryable, slug: string): Promise<ShowroomRow | null> {
  const { rows } = await db.query<ShowroomRow>('select id, slug, name_zh, name_en from showrooms where slug = $1', [slug]);
  return rows[0] ?? null;
}

export async function listShowrooms(db: Queryable): Promise<ShowroomRow[]> {
  return (await db.query<ShowroomRow>('select id, slug, name_zh, name_en from showrooms order by slug')).rows;
}

export async function floorProductIds(db: Queryable, showroomId: string): Promise<string[]> {
  const { rows } = await db.query<{ product_id: string }>('select product_id from showroom_products where showroom_id = $1', [showroomId]);
  return rows.map((r) => r.product_id);
}
