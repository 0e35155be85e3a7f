import type { Queryable } from '../database.ts';
import type { InsightScope } from './insight.repository.ts';

export interface AnswerRow {
  visit_id: string;
  completed_at: Date;
  showroom: string;
  model: string;
  activity_version: number;
  age_band: string;
  locale: string;
  answer: string;
  part: string | null;
  pair: string | null;
  value: string;
  /** The visit's answer quality: ok | same-face | too-fast. */
  quality: string;
  /** Milliseconds from the screen being shown to this answer, when the kiosk sent it. */
  ms: number | null;
}

/**
 * One row per answer (rating, choice, favourite, again), with the visit's context. Streams in
 * pages so a large export never holds everything in memory.
 */
export async function* answerRows(db: Queryable, s: InsightScope & { productId: string | null }, timeZone: string, pageSize = 5000): AsyncGenerator<AnswerRow[]> {
  let after: [string, string] | null = null;
  for (;;) {
    const page: { rows: Array<{ id: string; completed_at: Date }> } = await db.query<{ id: string; completed_at: Date }>(
      `select v.id, v.completed_at from visits v
        where (v.completed_at at time zone $5::text)::date between $1::date and $2::date
          and ($3::uuid[] is null or v.showroom_id = any($3::uuid[]))
          and ($4::text[] is null or v.age_band = any($4::text[]))
          and ($6::uuid is null or v.product_id = $6)
          and ($7::timestamptz is null or (v.completed_at, v.id) > ($7::timestamptz, $8::uuid))
          and ($10::text is null or v.quality = $10::text)
        order by v.completed_at, v.id limit $9`,
      [s.from, s.to, s.showroomIds, s.ageBands, timeZone, s.productId, after?.[0] ?? null, after?.[1] ?? null, pageSize, s.quality ?? null],
    );
    const rows = page.rows;
    if (!rows.length) return;
    const ids = rows.map((r) => r.id);
    const answers = await db.query<AnswerRow>(
      `with v as (
         select v.*, s.slug as showroom, p.key as model from visits v
           join showrooms s on s.id = v.showroom_id join products p on p.id = v.product_id
          where v.id = any($1::uuid[])
       )
       select v.id as visit_id, v.completed_at, v.showroom, v.model, v.activity_version, v.age_band, v.locale,
              a.answer, a.part, a.pair, a.value, v.quality, a.ms
         from v cross join lateral (
           select 'rating' as answer, pt.key as part, null::text as pair, r.face::text as value, r.ms
             from ratings r join parts pt on pt.id = r.part_id where r.visit_id = v.id
           union all
           select 'favourite', pt.key, null, f.rank::text, f.ms from favourites f join parts pt on pt.id = f.part_id where f.visit_id = v.id
           union all
           select 'choice', null, q.key, c.picked, c.ms from choices c join pairs q on q.id = c.pair_id where c.visit_id = v.id
           union all
           select 'again', null, null, v.again, null::int where v.again is not null
         ) a
        order by v.completed_at, v.id, a.answer, a.part, a.pair`,
      [ids],
    );
    yield answers.rows;
    const last: { id: string; completed_at: Date } = rows[rows.length - 1]!;
    after = [last.completed_at.toISOString(), last.id];
    if (rows.length < pageSize) return;
  }
}

export const ANSWER_COLUMNS = ['visit_id', 'completed_at', 'showroom', 'model', 'activity_version', 'age_band', 'locale', 'answer', 'part', 'pair', 'value', 'quality', 'ms'] as const;
