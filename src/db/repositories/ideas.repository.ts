import type { Queryable } from '../database.ts';
import { ideaIsPublic } from './consent-sql.ts';

export interface IdeaFilter {
  moderation?: string;
  status?: string;
  kind?: string;
  productId?: string;
  showroomIds: string[] | null;
  tag?: string;
  q?: string;
  gallery?: boolean;
  /** Comma-separated idea ids (the themes view's click-through). */
  ids?: string;
  clusterId?: string;
  /** true: only held-back ideas; false: none of them; null: no filter. */
  heldBack: boolean | null;
  /** The cluster size from which pending members are held back. */
  floodMinSize: number;
  limit: number;
  offset: number;
}

interface IdeaRow {
  id: string;
  kind: string;
  text: string | null;
  drawing: unknown;
  media_id: string | null;
  flags: string[];
  tags: string[];
  moderation: string;
  moderation_reason: string | null;
  product_status: string;
  reply_zh: string | null;
  reply_en: string | null;
  created_at: Date;
  showroom_slug: string;
  product_id: string;
  product_key: string;
  age_band: string;
  locale: string;
  consent_gallery: boolean;
  cluster_id: string | null;
  cluster_size: number | null;
  total: number;
}

export async function searchIdeas(db: Queryable, f: IdeaFilter) {
  const { rows } = await db.query<IdeaRow>(
    `select i.id, i.kind, i.text, i.drawing, i.media_id, i.flags,
            coalesce((select array_agg(t.part_key order by t.part_key) from idea_tags t where t.idea_id = i.id), '{}') as tags,
            i.moderation, i.moderation_reason, i.product_status, i.reply_zh, i.reply_en, i.created_at,
            s.slug as showroom_slug, p.id as product_id, p.key as product_key, v.age_band, v.locale, v.consent_gallery,
            c.id as cluster_id, c.size as cluster_size,
            count(*) over ()::int as total
       from ideas i
       join visits v on v.id = i.visit_id
       join consent_texts ct on ct.version = v.consent_text_version
       join showrooms s on s.id = v.showroom_id
       join products p on p.id = v.product_id
       left join idea_clusters c on c.id = i.duplicate_cluster_id
      where ($1::text is null or i.moderation = $1)
        and ($2::text is null or i.product_status = $2)
        and ($3::text is null or i.kind = $3)
        and ($4::uuid is null or v.product_id = $4)
        and ($5::uuid[] is null or v.showroom_id = any($5::uuid[]))
        and ($6::text is null or exists (select 1 from idea_tags t where t.idea_id = i.id and t.part_key = $6))
        and ($7::text is null or i.text ilike '%' || $7 || '%' or i.reply_zh ilike '%' || $7 || '%' or i.reply_en ilike '%' || $7 || '%')
        and (not $8::boolean or (i.kind = 'drawing' and i.moderation = 'approved' and ${ideaIsPublic('gallery')}))
        and ($11::uuid[] is null or i.id = any($11::uuid[]))
        and ($12::uuid is null or i.duplicate_cluster_id = $12)
        and ($13::boolean is null or $13 = (i.moderation = 'pending' and coalesce(c.size, 0) >= $14::int))
      order by i.created_at desc, i.id
      limit $9 offset $10`,
    [
      f.moderation ?? null, f.status ?? null, f.kind ?? null, f.productId ?? null, f.showroomIds, f.tag ?? null,
      f.q ? f.q.replace(/[\\%_]/g, (c) => `\\${c}`) : null, f.gallery ?? false, f.limit, f.offset,
      f.ids ? f.ids.toLowerCase().split(',') : null,
      f.clusterId ?? null, f.heldBack, f.floodMinSize,
    ],
  );
  return rows;
}

export interface IdeaUpdate {
  moderation?: string;
  reason?: string;
  status?: string;
  replyZh?: string;
  replyEn?: string;
}

/** Applies a change to many ideas at once; returns the ids that existed. */
export async function updateIdeas(tx: Queryable, ids: string[], u: IdeaUpdate): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `update ideas set
        moderation = coalesce($2, moderation),
        moderation_reason = case when $2::text is null then moderation_reason when $2 = 'rejected' then $3 else null end,
        product_status = coalesce($4, product_status),
        -- An empty reply clears it (the board then shows none).
        reply_zh = case when $5::text is null then reply_zh when btrim($5) = '' then null else $5 end,
        reply_en = case when $6::text is null then reply_en when btrim($6) = '' then null else $6 end,
        updated_at = now()
      where id = any($1::uuid[]) returning id`,
    [ids, u.moderation ?? null, u.reason ?? null, u.status ?? null, u.replyZh ?? null, u.replyEn ?? null],
  );
  return rows.map((r) => r.id);
}

export async function setTags(tx: Queryable, ideaId: string, tags: string[]): Promise<void> {
  await tx.query('delete from idea_tags where idea_id = $1', [ideaId]);
  await tx.query('insert into idea_tags (idea_id, part_key) select $1, t from unnest($2::text[]) as t', [ideaId, tags]);
}

export async function ideaShowrooms(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; showroom_id: string }>(
    'select i.id, v.showroom_id from ideas i join visits v on v.id = i.visit_id where i.id = any($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.showroom_id]));
}

export async function ideaVoice(db: Queryable, ideaId: string) {
  const { rows } = await db.query<{ mime: string; bytes: unknown }>(
    'select m.mime, m.bytes from ideas i join media m on m.id = i.media_id where i.id = $1',
    [ideaId],
  );
  return rows[0] ?? null;
}

/** Tells live walls of the ideas' showrooms to refresh (an approval shows a drawing there). */
export async function notifyIdeaShowrooms(tx: Queryable, ids: string[]): Promise<void> {
  await tx.query(
    `select pg_notify('visit_stored', json_build_object('showroomId', s.showroom_id::text)::text)
       from (select distinct v.showroom_id from ideas i join visits v on v.id = i.visit_id where i.id = any($1::uuid[])) s`,
    [ids],
  );
}
