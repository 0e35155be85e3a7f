import type { Queryable } from '../database.ts';
import type { InsightScope } from './insight.repository.ts';

export interface ThemeIdeaRow {
  id: string;
  text: string | null;
  text_md5: string | null;
  tags: string[];
  cached_version: number | null;
  cached_md5: string | null;
  tokens: Array<[string, string]> | null;
}

/**
 * The ideas of one model in a period that themes count: not rejected, with text (text ideas)
 * or with tags (any kind), newest first, at most `cap`. Days are the visit's completion day in
 * the report time zone, as in the rollups; the range is turned into instants so the
 * (product_id, completed_at) index serves it.
 */
export async function themeIdeas(db: Queryable, productId: string, scope: InsightScope, timeZone: string, cap: number): Promise<ThemeIdeaRow[]> {
  const { rows } = await db.query<ThemeIdeaRow>(
    `select i.id, case when i.kind = 'text' then i.text end as text,
            case when i.kind = 'text' and i.text is not null then md5(i.text) end as text_md5,
            coalesce((select array_agg(t.part_key order by t.part_key) from idea_tags t where t.idea_id = i.id), '{}') as tags,
            c.analyzer_version as cached_version, c.text_md5 as cached_md5, c.tokens
       from visits v
       join ideas i on i.visit_id = v.id
       left join idea_theme_terms c on c.idea_id = i.id
      where v.product_id = $1
        and v.completed_at >= ($2::date)::timestamp at time zone $6
        and v.completed_at < ($3::date + 1)::timestamp at time zone $6
        and ($4::uuid[] is null or v.showroom_id = any($4::uuid[]))
        and ($5::text[] is null or v.age_band = any($5::text[]))
        and i.moderation <> 'rejected'
        and ((i.kind = 'text' and i.text is not null) or exists (select 1 from idea_tags t where t.idea_id = i.id))
      order by v.completed_at desc, i.id
      limit $7`,
    [productId, scope.from, scope.to, scope.showroomIds, scope.ageBands, timeZone, cap],
  );
  return rows;
}

/** Stores freshly analysed terms (another request may have stored them first: last one wins). */
export async function saveThemeTerms(db: Queryable, version: number, items: Array<{ ideaId: string; md5: string; tokens: Array<[string, string]> }>): Promise<void> {
  if (!items.length) return;
  await db.query(
    `insert into idea_theme_terms (idea_id, analyzer_version, text_md5, tokens)
     select x.idea_id, $1, x.md5, x.tokens
       from jsonb_to_recordset($2::jsonb) as x(idea_id uuid, md5 text, tokens jsonb)
      where exists (select 1 from ideas i where i.id = x.idea_id)
     on conflict (idea_id) do update set analyzer_version = excluded.analyzer_version, text_md5 = excluded.text_md5, tokens = excluded.tokens`,
    [version, JSON.stringify(items.map((i) => ({ idea_id: i.ideaId, md5: i.md5, tokens: i.tokens })))],
  );
}

export interface ThemePartRow {
  id: string;
  key: string;
  name_zh: string;
  name_en: string;
  retired: boolean;
}

/** Every row of a model's parts (old versions too: their names still find older ideas). */
export async function productParts(db: Queryable, productId: string): Promise<{ exists: boolean; parts: ThemePartRow[] }> {
  const [product, parts] = await Promise.all([
    db.query('select 1 from products where id = $1', [productId]),
    db.query<ThemePartRow>(
      `select id, key, name_zh, name_en, retired_at is not null as retired from parts where product_id = $1 order by key, retired_at desc nulls first, created_at desc`,
      [productId],
    ),
  ]);
  return { exists: product.rows.length > 0, parts: parts.rows };
}

/** Names of parts of any model by key, for tags naming a part this model does not have. */
export async function partNamesByKey(db: Queryable, keys: string[]): Promise<Array<{ key: string; name_zh: string; name_en: string }>> {
  if (!keys.length) return [];
  const { rows } = await db.query<{ key: string; name_zh: string; name_en: string }>(
    `select distinct on (key) key, name_zh, name_en from parts where key = any($1::text[]) order by key, retired_at desc nulls first, created_at desc`,
    [keys],
  );
  return rows;
}

export interface SynonymRow {
  part_key: string;
  lang: 'zh' | 'en';
  term: string;
}

export async function partSynonyms(db: Queryable, productId: string): Promise<SynonymRow[]> {
  const { rows } = await db.query<SynonymRow>(
    'select part_key, lang, term from part_synonyms where product_id = $1 order by part_key, lang, position, term',
    [productId],
  );
  return rows;
}

/** The model and key of a part row, or null. */
export async function partIdentity(db: Queryable, partId: string): Promise<{ product_id: string; key: string } | null> {
  const { rows } = await db.query<{ product_id: string; key: string }>('select product_id, key from parts where id = $1', [partId]);
  return rows[0] ?? null;
}

/** Replaces one part's synonyms in both languages. */
export async function replacePartSynonyms(tx: Queryable, productId: string, partKey: string, zh: string[], en: string[]): Promise<void> {
  await tx.query('delete from part_synonyms where product_id = $1 and part_key = $2', [productId, partKey]);
  const rows = [...zh.map((term, position) => ({ lang: 'zh', term, position })), ...en.map((term, position) => ({ lang: 'en', term, position }))];
  if (!rows.length) return;
  await tx.query(
    `insert into part_synonyms (product_id, part_key, lang, term, position)
     select $1, $2, x.lang, x.term, x.position from jsonb_to_recordset($3::jsonb) as x(lang text, term text, position int)
     on conflict do nothing`,
    [productId, partKey, JSON.stringify(rows)],
  );
}
