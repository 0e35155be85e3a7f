import type { Queryable } from '../database.ts';
import { CONSENT_JOIN, ideaIsPublic, nicknameIsPublic } from './consent-sql.ts';

/**
 * SQL of the public surfaces: the "you said, we did" board and the showroom wall.
 * An idea (drawing or text) or a nickname appears only when the grown-up turned its toggle
 * on AND the consent text version the visit recorded names that surface (consent_texts.covers,
 * migration 008): an older version is never stretched to a surface added later.
 */

export interface BoardIdeaRow {
  id: string;
  kind: 'drawing' | 'voice' | 'text';
  text: string | null;
  /** Only when the visit consented to the gallery; null otherwise. */
  drawing: unknown;
  product_status: string;
  reply_zh: string | null;
  reply_en: string | null;
  created_at: Date;
  age_band: string;
  /** Only when consented and not flagged; null otherwise. */
  nickname: string | null;
  product_key: string;
  product_name_zh: string;
  product_name_en: string;
}

export interface BoardPage {
  ideas: BoardIdeaRow[];
  hasMore: boolean;
}

/** Approved ideas, newest first, optionally of one car model; `limit + 1` rows tell whether a next page exists. */
export async function approvedIdeas(db: Queryable, opts: { productKey: string | null; offset: number; limit: number }): Promise<BoardPage> {
  const { rows } = await db.query<BoardIdeaRow>(
    `select i.id, i.kind, case when i.kind = 'text' then i.text end as text,
            case when i.kind = 'drawing' then i.drawing end as drawing,
            i.product_status, i.reply_zh, i.reply_en, i.created_at, v.age_band,
            case when ${nicknameIsPublic('board')} and not v.nickname_flagged then v.nickname end as nickname,
            p.key as product_key, p.name_zh as product_name_zh, p.name_en as product_name_en
       from ideas i
       join visits v on v.id = i.visit_id
       ${CONSENT_JOIN}
       join products p on p.id = v.product_id
      where i.moderation = 'approved' and ${ideaIsPublic('board')} and ($1::text is null or p.key = $1)
      order by i.created_at desc, i.id
      limit $2 offset $3`,
    [opts.productKey, opts.limit + 1, opts.offset],
  );
  return { ideas: rows.slice(0, opts.limit), hasMore: rows.length > opts.limit };
}

export interface ProductRow {
  key: string;
  name_zh: string;
  name_en: string;
}

/** The car models a board filter can offer: those with at least one approved idea. */
export async function productsWithApprovedIdeas(db: Queryable): Promise<ProductRow[]> {
  const { rows } = await db.query<ProductRow>(
    `select p.key, p.name_zh, p.name_en from products p
      where exists (select 1 from visits v join ideas i on i.visit_id = v.id ${CONSENT_JOIN}
                     where v.product_id = p.id and i.moderation = 'approved' and ${ideaIsPublic('board')})
      order by p.key`,
  );
  return rows;
}

export interface ShowroomPublicRow {
  id: string;
  slug: string;
  name_zh: string;
  name_en: string;
}

export async function showroomBySlug(db: Queryable, slug: string): Promise<ShowroomPublicRow | null> {
  const { rows } = await db.query<ShowroomPublicRow>('select id, slug, name_zh, name_en from showrooms where slug = $1', [slug]);
  return rows[0] ?? null;
}

export interface PartLoveRow {
  key: string;
  name_zh: string;
  name_en: string;
  icon_asset: string | null;
  /** Ratings of 4 or 5 faces today. */
  loves: number;
  rated: number;
}

/** Today's tallies of one showroom: visits, and the parts rated 4–5 faces most often. */
export async function wallTallies(db: Queryable, showroomId: string, since: Date, topParts: number): Promise<{ visits: number; parts: PartLoveRow[] }> {
  const visits = await db.query<{ n: number }>(
    'select count(*)::int as n from visits where showroom_id = $1 and completed_at >= $2',
    [showroomId, since],
  );
  const parts = await db.query<PartLoveRow>(
    `select p.key, min(p.name_zh) as name_zh, min(p.name_en) as name_en, min(p.icon_asset) as icon_asset,
            (count(*) filter (where r.face >= 4))::int as loves, count(*)::int as rated
       from visits v
       join ratings r on r.visit_id = v.id
       join parts p on p.id = r.part_id
      where v.showroom_id = $1 and v.completed_at >= $2
      group by p.key
      order by loves desc, rated desc, p.key
      limit $3`,
    [showroomId, since, topParts],
  );
  return { visits: visits.rows[0]?.n ?? 0, parts: parts.rows };
}

export interface WallDrawingRow {
  id: string;
  drawing: unknown;
  product_name_zh: string;
  product_name_en: string;
}

/** The newest approved drawings of a showroom whose grown-up agreed to the gallery. */
export async function wallDrawings(db: Queryable, showroomId: string, limit: number): Promise<WallDrawingRow[]> {
  const { rows } = await db.query<WallDrawingRow>(
    `select i.id, i.drawing, p.name_zh as product_name_zh, p.name_en as product_name_en
       from ideas i
       join visits v on v.id = i.visit_id
       ${CONSENT_JOIN}
       join products p on p.id = v.product_id
      where v.showroom_id = $1 and i.kind = 'drawing' and i.moderation = 'approved' and ${ideaIsPublic('wall')}
      order by i.created_at desc, i.id
      limit $2`,
    [showroomId, limit],
  );
  return rows;
}

/** Just the ids of what wallDrawings returns: cheap enough to check on every live update. */
export async function wallDrawingIds(db: Queryable, showroomId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select i.id from ideas i join visits v on v.id = i.visit_id ${CONSENT_JOIN}
      where v.showroom_id = $1 and i.kind = 'drawing' and i.moderation = 'approved' and ${ideaIsPublic('wall')}
      order by i.created_at desc, i.id
      limit $2`,
    [showroomId, limit],
  );
  return rows.map((r) => r.id);
}
