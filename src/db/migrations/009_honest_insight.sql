-- Honest insight (issue 9): answer times, a quality flag per visit, and the within-child
-- ("stands out") sums, all kept in the rollups so the dashboard still reads no raw answers.

-- Milliseconds from the screen being shown to the answer; null from kiosks that do not send it.
alter table ratings add column ms int check (ms between 0 and 600000);
alter table choices add column ms int check (ms between 0 and 600000);
alter table favourites add column ms int check (ms between 0 and 600000);

-- 'same-face': the same face on every one of >= 4 ratings; 'too-fast': median answer < 700 ms.
alter table visits add column quality text not null default 'ok' check (quality in ('ok', 'same-face', 'too-fast'));
-- Visits stored before this carry no times, but the same-face rule can be applied to them.
update visits v set quality = 'same-face'
  from (select visit_id from ratings group by visit_id having count(*) >= 4 and min(face) = max(face)) s
 where v.id = s.visit_id;

-- A rated part's within-child score: its face minus the child's mean face (total / k). Rounded
-- to 12 places so a value added to a rollup and later subtracted is the very same number:
-- numeric addition is exact, so the sums never drift.
create or replace function within_child_score(p_face int, p_total int, p_k int) returns numeric
language sql immutable as $$ select round(p_face - p_total::numeric / p_k, 12) $$;

-- The rollups gain the quality as a key, so "leave out low-effort visits" is a filter, and the
-- parts rollup gains count, sum and sum of squares of the within-child score (visits with >= 2
-- ratings only). They are refilled from the raw rows, which they always equal (tested), so
-- visits stored before this are split by quality and have their within-child sums too.
truncate rollup_visits, rollup_durations, rollup_parts, rollup_pairs;
alter table rollup_visits add column quality text not null default 'ok';
alter table rollup_visits drop constraint rollup_visits_pkey;
alter table rollup_visits add primary key (product_id, day, showroom_id, age_band, quality);
alter table rollup_durations add column quality text not null default 'ok';
alter table rollup_durations drop constraint rollup_durations_pkey;
alter table rollup_durations add primary key (product_id, day, showroom_id, age_band, quality, bucket);
alter table rollup_parts add column quality text not null default 'ok';
alter table rollup_parts add column so_n int not null default 0;
alter table rollup_parts add column so_sum numeric not null default 0;
alter table rollup_parts add column so_sq numeric not null default 0;
alter table rollup_parts drop constraint rollup_parts_pkey;
alter table rollup_parts add primary key (product_id, day, showroom_id, age_band, quality, part_id);
alter table rollup_pairs add column quality text not null default 'ok';
alter table rollup_pairs drop constraint rollup_pairs_pkey;
alter table rollup_pairs add primary key (product_id, day, showroom_id, age_band, quality, pair_id);

-- The migration runner sets littleadvisors.report_timezone to REPORT_TIMEZONE for this transaction.
create temp table rollup_refill_tz on commit drop as
  select coalesce(nullif(current_setting('littleadvisors.report_timezone', true), ''), 'UTC') as tz;

insert into rollup_visits (day, showroom_id, product_id, age_band, quality, visits, again_yes, again_maybe, again_no, with_idea)
select (v.completed_at at time zone z.tz)::date, v.showroom_id, v.product_id, v.age_band, v.quality, count(*),
       count(*) filter (where v.again = 'yes'), count(*) filter (where v.again = 'maybe'),
       count(*) filter (where v.again = 'no'), count(i.visit_id)
  from visits v cross join rollup_refill_tz z left join ideas i on i.visit_id = v.id
 group by 1, 2, 3, 4, 5;

insert into rollup_durations (day, showroom_id, product_id, age_band, quality, bucket, visits)
select (v.completed_at at time zone z.tz)::date, v.showroom_id, v.product_id, v.age_band, v.quality,
       least(60, floor(extract(epoch from (v.completed_at - v.started_at)) / 15))::smallint, count(*)
  from visits v cross join rollup_refill_tz z
 group by 1, 2, 3, 4, 5, 6;

insert into rollup_parts (day, showroom_id, product_id, age_band, quality, part_id, f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
select (v.completed_at at time zone z.tz)::date, v.showroom_id, v.product_id, v.age_band, v.quality, r.part_id,
       count(*) filter (where r.face = 1), count(*) filter (where r.face = 2), count(*) filter (where r.face = 3),
       count(*) filter (where r.face = 4), count(*) filter (where r.face = 5),
       count(*) filter (where f.rank = 1), count(*) filter (where f.rank = 2), count(*) filter (where f.rank = 3),
       count(*) filter (where k.n >= 2),
       coalesce(sum(within_child_score(r.face, k.total, k.n)) filter (where k.n >= 2), 0),
       coalesce(sum(within_child_score(r.face, k.total, k.n) * within_child_score(r.face, k.total, k.n)) filter (where k.n >= 2), 0)
  from ratings r
  join visits v on v.id = r.visit_id
  join (select visit_id, count(*)::int as n, sum(face)::int as total from ratings group by visit_id) k on k.visit_id = r.visit_id
  left join favourites f on f.visit_id = r.visit_id and f.part_id = r.part_id
  cross join rollup_refill_tz z
 group by 1, 2, 3, 4, 5, 6;

insert into rollup_pairs (day, showroom_id, product_id, age_band, quality, pair_id, a, b)
select (v.completed_at at time zone z.tz)::date, v.showroom_id, v.product_id, v.age_band, v.quality, c.pair_id,
       count(*) filter (where c.picked = 'a'), count(*) filter (where c.picked = 'b')
  from choices c join visits v on v.id = c.visit_id cross join rollup_refill_tz z
 group by 1, 2, 3, 4, 5, 6;

-- store_visit gains the quality flag and the answer times (three arrays): the old signature goes.
drop function store_visit(uuid, bytea, bytea, uuid, uuid, int, uuid, text, text, text, text, boolean, boolean, boolean,
                          boolean, text, timestamptz, timestamptz, text, bytea, uuid[], smallint[], smallint[], uuid[], text[],
                          text, text, jsonb, text[], text, bytea, int, text);

-- Stores a whole visit: tombstone check, visit row, answers, idea, media, rollups and the
-- live-update notice, in one atomic call (see 005 for why a function).
create or replace function store_visit(
  p_id uuid, p_ticket_hash bytea, p_content_hash bytea, p_device_id uuid, p_showroom_id uuid,
  p_activity_version int, p_product_id uuid, p_locale text, p_age_band text, p_avatar text,
  p_nickname text, p_nickname_flagged boolean, p_consent_gallery boolean, p_consent_voice boolean,
  p_consent_nickname boolean, p_consent_text_version text, p_started_at timestamptz, p_completed_at timestamptz,
  p_again text, p_id_hash bytea,
  p_part_ids uuid[], p_faces smallint[], p_fav_ranks smallint[],
  p_pair_ids uuid[], p_picks text[],
  p_idea_kind text, p_idea_text text, p_idea_drawing jsonb, p_idea_flags text[],
  p_media_mime text, p_media_bytes bytea, p_media_duration int,
  p_time_zone text,
  p_quality text, p_rating_ms int[], p_pick_ms int[], p_fav_ms int[]
) returns text
language plpgsql as $$
declare
  v_day date;
  v_media uuid;
  v_k int;
  v_total int;
begin
  if exists (select 1 from visit_tombstones where id_hash = p_id_hash) then
    return 'tombstoned';
  end if;
  insert into visits (id, ticket_hash, content_hash, device_id, showroom_id, activity_version, product_id,
                      locale, age_band, avatar, nickname, nickname_flagged, consent_gallery, consent_voice,
                      consent_nickname, consent_text_version, started_at, completed_at, again, quality)
  values (p_id, p_ticket_hash, p_content_hash, p_device_id, p_showroom_id, p_activity_version, p_product_id,
          p_locale, p_age_band, p_avatar, p_nickname, p_nickname_flagged, p_consent_gallery, p_consent_voice,
          p_consent_nickname, p_consent_text_version, p_started_at, p_completed_at, p_again, p_quality)
  on conflict (id) do nothing;
  if not found then
    return 'exists';
  end if;

  -- unnest pads a shorter array with nulls, so absent times (null arrays) store as null.
  insert into ratings (visit_id, part_id, face, ms)
  select p_id, x.part_id, x.face, x.ms from unnest(p_part_ids, p_faces, p_rating_ms) as x(part_id, face, ms) where x.part_id is not null;
  insert into choices (visit_id, pair_id, picked, ms)
  select p_id, x.pair_id, x.picked, x.ms from unnest(p_pair_ids, p_picks, p_pick_ms) as x(pair_id, picked, ms) where x.pair_id is not null;
  insert into favourites (visit_id, part_id, rank, ms)
  select p_id, x.part_id, x.rank, x.ms from unnest(p_part_ids, p_fav_ranks, p_fav_ms) as x(part_id, rank, ms) where x.rank > 0;

  if p_media_mime is not null then
    insert into media (visit_id, mime, bytes, duration_ms) values (p_id, p_media_mime, p_media_bytes, p_media_duration)
    returning id into v_media;
  end if;
  if p_idea_kind is not null then
    insert into ideas (visit_id, kind, text, drawing, media_id, flags)
    values (p_id, p_idea_kind, p_idea_text, p_idea_drawing, v_media, p_idea_flags);
  end if;

  v_day := (p_completed_at at time zone p_time_zone)::date;
  v_k := coalesce(array_length(p_faces, 1), 0);
  v_total := coalesce((select sum(f) from unnest(p_faces) as f), 0);
  insert into rollup_visits as r (day, showroom_id, product_id, age_band, quality, visits, again_yes, again_maybe, again_no, with_idea)
  values (v_day, p_showroom_id, p_product_id, p_age_band, p_quality, 1, (coalesce(p_again, '') = 'yes')::int,
          (coalesce(p_again, '') = 'maybe')::int, (coalesce(p_again, '') = 'no')::int, (p_idea_kind is not null)::int)
  on conflict (product_id, day, showroom_id, age_band, quality) do update set
    visits = r.visits + 1, again_yes = r.again_yes + excluded.again_yes, again_maybe = r.again_maybe + excluded.again_maybe,
    again_no = r.again_no + excluded.again_no, with_idea = r.with_idea + excluded.with_idea;
  insert into rollup_durations as r (day, showroom_id, product_id, age_band, quality, bucket, visits)
  values (v_day, p_showroom_id, p_product_id, p_age_band, p_quality,
          least(60, floor(extract(epoch from (p_completed_at - p_started_at)) / 15))::smallint, 1)
  on conflict (product_id, day, showroom_id, age_band, quality, bucket) do update set visits = r.visits + 1;
  -- Sorted by part and pair so concurrent visits lock rollup rows in the same order (no deadlocks).
  insert into rollup_parts as r (day, showroom_id, product_id, age_band, quality, part_id, f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
  select v_day, p_showroom_id, p_product_id, p_age_band, p_quality, x.part_id,
         (x.face = 1)::int, (x.face = 2)::int, (x.face = 3)::int, (x.face = 4)::int, (x.face = 5)::int,
         (x.fav = 1)::int, (x.fav = 2)::int, (x.fav = 3)::int,
         (v_k >= 2)::int,
         case when v_k >= 2 then within_child_score(x.face, v_total, v_k) else 0 end,
         case when v_k >= 2 then within_child_score(x.face, v_total, v_k) * within_child_score(x.face, v_total, v_k) else 0 end
    from unnest(p_part_ids, p_faces, p_fav_ranks) as x(part_id, face, fav)
   order by x.part_id
  on conflict (product_id, day, showroom_id, age_band, quality, part_id) do update set
    f1 = r.f1 + excluded.f1, f2 = r.f2 + excluded.f2, f3 = r.f3 + excluded.f3, f4 = r.f4 + excluded.f4, f5 = r.f5 + excluded.f5,
    fav1 = r.fav1 + excluded.fav1, fav2 = r.fav2 + excluded.fav2, fav3 = r.fav3 + excluded.fav3,
    so_n = r.so_n + excluded.so_n, so_sum = r.so_sum + excluded.so_sum, so_sq = r.so_sq + excluded.so_sq;
  insert into rollup_pairs as r (day, showroom_id, product_id, age_band, quality, pair_id, a, b)
  select v_day, p_showroom_id, p_product_id, p_age_band, p_quality, x.pair_id, (x.picked = 'a')::int, (x.picked = 'b')::int
    from unnest(p_pair_ids, p_picks) as x(pair_id, picked)
   order by x.pair_id
  on conflict (product_id, day, showroom_id, age_band, quality, pair_id) do update set a = r.a + excluded.a, b = r.b + excluded.b;

  perform pg_notify('visit_stored', json_build_object('showroomId', p_showroom_id::text, 'visitId', p_id)::text);
  return 'stored';
end
$$;
