-- Insight at brand scale (issue 10): queries whose cost follows the number of groups, not of visits.
--
-- 1. The duration histogram moves into rollup_visits as 61 columns d0 … d60 (visits per
--    15-second bucket; d60 = "15 min or more"). rollup_durations had one row per key AND bucket
--    (422,312 rows at 1 M visits against 27,806 in rollup_visits) and was read whole for every
--    overview; now the histogram is one pass over the rollup_visits rows of the range, and
--    store_visit makes one upsert fewer (one rollup row lock fewer per visit).
-- 2. Abandoned visits get a rollup (rollup_abandoned: day, showroom, age band): the overview
--    read every abandoned_visits row of the range. Kept by store_abandoned_visit() below;
--    abandoned visits are never deleted but with their showroom (cascade, rollup included).
-- 3. refill_rollups(time zone): every rollup rebuilt from the raw rows by one set-based
--    INSERT … SELECT … GROUP BY per table. Migrations call it, and so does the insight bench
--    after generating raw rows, so what is measured is what the product builds.

alter table rollup_visits
  add column d0 int not null default 0, add column d1 int not null default 0, add column d2 int not null default 0, add column d3 int not null default 0,
  add column d4 int not null default 0, add column d5 int not null default 0, add column d6 int not null default 0, add column d7 int not null default 0,
  add column d8 int not null default 0, add column d9 int not null default 0, add column d10 int not null default 0, add column d11 int not null default 0,
  add column d12 int not null default 0, add column d13 int not null default 0, add column d14 int not null default 0, add column d15 int not null default 0,
  add column d16 int not null default 0, add column d17 int not null default 0, add column d18 int not null default 0, add column d19 int not null default 0,
  add column d20 int not null default 0, add column d21 int not null default 0, add column d22 int not null default 0, add column d23 int not null default 0,
  add column d24 int not null default 0, add column d25 int not null default 0, add column d26 int not null default 0, add column d27 int not null default 0,
  add column d28 int not null default 0, add column d29 int not null default 0, add column d30 int not null default 0, add column d31 int not null default 0,
  add column d32 int not null default 0, add column d33 int not null default 0, add column d34 int not null default 0, add column d35 int not null default 0,
  add column d36 int not null default 0, add column d37 int not null default 0, add column d38 int not null default 0, add column d39 int not null default 0,
  add column d40 int not null default 0, add column d41 int not null default 0, add column d42 int not null default 0, add column d43 int not null default 0,
  add column d44 int not null default 0, add column d45 int not null default 0, add column d46 int not null default 0, add column d47 int not null default 0,
  add column d48 int not null default 0, add column d49 int not null default 0, add column d50 int not null default 0, add column d51 int not null default 0,
  add column d52 int not null default 0, add column d53 int not null default 0, add column d54 int not null default 0, add column d55 int not null default 0,
  add column d56 int not null default 0, add column d57 int not null default 0, add column d58 int not null default 0, add column d59 int not null default 0,
  add column d60 int not null default 0;

create table rollup_abandoned (
  day date not null,
  showroom_id uuid not null references showrooms(id) on delete cascade,
  -- '' when the kiosk did not know the age band yet (abandoned_visits.age_band is null)
  age_band text not null,
  visits int not null default 0,
  primary key (day, showroom_id, age_band)
);

-- Rebuilds every rollup from the raw rows (days in p_time_zone). Each row is what the per-visit
-- upserts of store_visit accumulate: they add a 0/1 indicator per key, and a sum of indicators
-- over the visits of a key is a COUNT … FILTER per key. Exactness is tested
-- (test/rollups.property.test.ts).
create or replace function refill_rollups(p_time_zone text) returns void
language plpgsql as $$
begin
  truncate rollup_visits, rollup_parts, rollup_pairs, rollup_abandoned;

  insert into rollup_visits (day, showroom_id, product_id, age_band, quality, visits, again_yes, again_maybe, again_no, with_idea,
                             d0, d1, d2, d3, d4, d5, d6, d7, d8, d9,
                             d10, d11, d12, d13, d14, d15, d16, d17, d18, d19,
                             d20, d21, d22, d23, d24, d25, d26, d27, d28, d29,
                             d30, d31, d32, d33, d34, d35, d36, d37, d38, d39,
                             d40, d41, d42, d43, d44, d45, d46, d47, d48, d49,
                             d50, d51, d52, d53, d54, d55, d56, d57, d58, d59,
                             d60)
  select (v.completed_at at time zone p_time_zone)::date, v.showroom_id, v.product_id, v.age_band, v.quality, count(*),
         count(*) filter (where v.again = 'yes'), count(*) filter (where v.again = 'maybe'),
         count(*) filter (where v.again = 'no'), count(i.visit_id),
         count(*) filter (where v.bucket = 0), count(*) filter (where v.bucket = 1), count(*) filter (where v.bucket = 2), count(*) filter (where v.bucket = 3), count(*) filter (where v.bucket = 4),
         count(*) filter (where v.bucket = 5), count(*) filter (where v.bucket = 6), count(*) filter (where v.bucket = 7), count(*) filter (where v.bucket = 8), count(*) filter (where v.bucket = 9),
         count(*) filter (where v.bucket = 10), count(*) filter (where v.bucket = 11), count(*) filter (where v.bucket = 12), count(*) filter (where v.bucket = 13), count(*) filter (where v.bucket = 14),
         count(*) filter (where v.bucket = 15), count(*) filter (where v.bucket = 16), count(*) filter (where v.bucket = 17), count(*) filter (where v.bucket = 18), count(*) filter (where v.bucket = 19),
         count(*) filter (where v.bucket = 20), count(*) filter (where v.bucket = 21), count(*) filter (where v.bucket = 22), count(*) filter (where v.bucket = 23), count(*) filter (where v.bucket = 24),
         count(*) filter (where v.bucket = 25), count(*) filter (where v.bucket = 26), count(*) filter (where v.bucket = 27), count(*) filter (where v.bucket = 28), count(*) filter (where v.bucket = 29),
         count(*) filter (where v.bucket = 30), count(*) filter (where v.bucket = 31), count(*) filter (where v.bucket = 32), count(*) filter (where v.bucket = 33), count(*) filter (where v.bucket = 34),
         count(*) filter (where v.bucket = 35), count(*) filter (where v.bucket = 36), count(*) filter (where v.bucket = 37), count(*) filter (where v.bucket = 38), count(*) filter (where v.bucket = 39),
         count(*) filter (where v.bucket = 40), count(*) filter (where v.bucket = 41), count(*) filter (where v.bucket = 42), count(*) filter (where v.bucket = 43), count(*) filter (where v.bucket = 44),
         count(*) filter (where v.bucket = 45), count(*) filter (where v.bucket = 46), count(*) filter (where v.bucket = 47), count(*) filter (where v.bucket = 48), count(*) filter (where v.bucket = 49),
         count(*) filter (where v.bucket = 50), count(*) filter (where v.bucket = 51), count(*) filter (where v.bucket = 52), count(*) filter (where v.bucket = 53), count(*) filter (where v.bucket = 54),
         count(*) filter (where v.bucket = 55), count(*) filter (where v.bucket = 56), count(*) filter (where v.bucket = 57), count(*) filter (where v.bucket = 58), count(*) filter (where v.bucket = 59),
         count(*) filter (where v.bucket = 60)
    from (select v.*, least(60, floor(extract(epoch from (v.completed_at - v.started_at)) / 15))::int as bucket from visits v) v
    left join ideas i on i.visit_id = v.id
   group by 1, 2, 3, 4, 5;

  insert into rollup_parts (day, showroom_id, product_id, age_band, quality, part_id, f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
  select (v.completed_at at time zone p_time_zone)::date, v.showroom_id, v.product_id, v.age_band, v.quality, r.part_id,
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
   group by 1, 2, 3, 4, 5, 6;

  insert into rollup_pairs (day, showroom_id, product_id, age_band, quality, pair_id, a, b)
  select (v.completed_at at time zone p_time_zone)::date, v.showroom_id, v.product_id, v.age_band, v.quality, c.pair_id,
         count(*) filter (where c.picked = 'a'), count(*) filter (where c.picked = 'b')
    from choices c join visits v on v.id = c.visit_id
   group by 1, 2, 3, 4, 5, 6;

  insert into rollup_abandoned (day, showroom_id, age_band, visits)
  select (a.at at time zone p_time_zone)::date, a.showroom_id, coalesce(a.age_band, ''), count(*)
    from abandoned_visits a
   group by 1, 2, 3;
end
$$;

-- The migration runner sets littleadvisors.report_timezone to REPORT_TIMEZONE for this transaction.
select refill_rollups(coalesce(nullif(current_setting('littleadvisors.report_timezone', true), ''), 'UTC'));
drop table rollup_durations;

-- An abandoned visit and its rollup in one statement; false when the id was already stored.
-- An unknown model id is kept as null (the kiosk's catalog may be older than the server's).
create or replace function store_abandoned_visit(
  p_id uuid, p_device_id uuid, p_showroom_id uuid, p_product_id uuid, p_age_band text, p_step text, p_at timestamptz,
  p_time_zone text
) returns boolean
language plpgsql as $$
begin
  insert into abandoned_visits (id, device_id, showroom_id, product_id, age_band, step, at)
  select p_id, p_device_id, p_showroom_id, p.id, p_age_band, p_step, p_at
    from (select p_product_id as wanted) w left join products p on p.id = w.wanted
  on conflict (id) do nothing;
  if not found then
    return false;
  end if;
  insert into rollup_abandoned as r (day, showroom_id, age_band, visits)
  values ((p_at at time zone p_time_zone)::date, p_showroom_id, coalesce(p_age_band, ''), 1)
  on conflict (day, showroom_id, age_band) do update set visits = r.visits + 1;
  return true;
end
$$;

-- store_visit: the duration bucket is a column of the rollup_visits row (no rollup_durations
-- upsert). Otherwise as in 009.
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
  v_bucket int;
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
  v_bucket := least(60, floor(extract(epoch from (p_completed_at - p_started_at)) / 15))::int;
  insert into rollup_visits as r (day, showroom_id, product_id, age_band, quality, visits, again_yes, again_maybe, again_no, with_idea,
                                  d0, d1, d2, d3, d4, d5, d6, d7, d8, d9,
                                  d10, d11, d12, d13, d14, d15, d16, d17, d18, d19,
                                  d20, d21, d22, d23, d24, d25, d26, d27, d28, d29,
                                  d30, d31, d32, d33, d34, d35, d36, d37, d38, d39,
                                  d40, d41, d42, d43, d44, d45, d46, d47, d48, d49,
                                  d50, d51, d52, d53, d54, d55, d56, d57, d58, d59,
                                  d60)
  values (v_day, p_showroom_id, p_product_id, p_age_band, p_quality, 1, (coalesce(p_again, '') = 'yes')::int,
          (coalesce(p_again, '') = 'maybe')::int, (coalesce(p_again, '') = 'no')::int, (p_idea_kind is not null)::int,
          (v_bucket = 0)::int, (v_bucket = 1)::int, (v_bucket = 2)::int, (v_bucket = 3)::int, (v_bucket = 4)::int, (v_bucket = 5)::int, (v_bucket = 6)::int, (v_bucket = 7)::int,
          (v_bucket = 8)::int, (v_bucket = 9)::int, (v_bucket = 10)::int, (v_bucket = 11)::int, (v_bucket = 12)::int, (v_bucket = 13)::int, (v_bucket = 14)::int, (v_bucket = 15)::int,
          (v_bucket = 16)::int, (v_bucket = 17)::int, (v_bucket = 18)::int, (v_bucket = 19)::int, (v_bucket = 20)::int, (v_bucket = 21)::int, (v_bucket = 22)::int, (v_bucket = 23)::int,
          (v_bucket = 24)::int, (v_bucket = 25)::int, (v_bucket = 26)::int, (v_bucket = 27)::int, (v_bucket = 28)::int, (v_bucket = 29)::int, (v_bucket = 30)::int, (v_bucket = 31)::int,
          (v_bucket = 32)::int, (v_bucket = 33)::int, (v_bucket = 34)::int, (v_bucket = 35)::int, (v_bucket = 36)::int, (v_bucket = 37)::int, (v_bucket = 38)::int, (v_bucket = 39)::int,
          (v_bucket = 40)::int, (v_bucket = 41)::int, (v_bucket = 42)::int, (v_bucket = 43)::int, (v_bucket = 44)::int, (v_bucket = 45)::int, (v_bucket = 46)::int, (v_bucket = 47)::int,
          (v_bucket = 48)::int, (v_bucket = 49)::int, (v_bucket = 50)::int, (v_bucket = 51)::int, (v_bucket = 52)::int, (v_bucket = 53)::int, (v_bucket = 54)::int, (v_bucket = 55)::int,
          (v_bucket = 56)::int, (v_bucket = 57)::int, (v_bucket = 58)::int, (v_bucket = 59)::int, (v_bucket = 60)::int)
  on conflict (product_id, day, showroom_id, age_band, quality) do update set
    visits = r.visits + 1, again_yes = r.again_yes + excluded.again_yes, again_maybe = r.again_maybe + excluded.again_maybe,
    again_no = r.again_no + excluded.again_no, with_idea = r.with_idea + excluded.with_idea,
    d0 = r.d0 + excluded.d0, d1 = r.d1 + excluded.d1, d2 = r.d2 + excluded.d2, d3 = r.d3 + excluded.d3, d4 = r.d4 + excluded.d4,
    d5 = r.d5 + excluded.d5, d6 = r.d6 + excluded.d6, d7 = r.d7 + excluded.d7, d8 = r.d8 + excluded.d8, d9 = r.d9 + excluded.d9,
    d10 = r.d10 + excluded.d10, d11 = r.d11 + excluded.d11, d12 = r.d12 + excluded.d12, d13 = r.d13 + excluded.d13, d14 = r.d14 + excluded.d14,
    d15 = r.d15 + excluded.d15, d16 = r.d16 + excluded.d16, d17 = r.d17 + excluded.d17, d18 = r.d18 + excluded.d18, d19 = r.d19 + excluded.d19,
    d20 = r.d20 + excluded.d20, d21 = r.d21 + excluded.d21, d22 = r.d22 + excluded.d22, d23 = r.d23 + excluded.d23, d24 = r.d24 + excluded.d24,
    d25 = r.d25 + excluded.d25, d26 = r.d26 + excluded.d26, d27 = r.d27 + excluded.d27, d28 = r.d28 + excluded.d28, d29 = r.d29 + excluded.d29,
    d30 = r.d30 + excluded.d30, d31 = r.d31 + excluded.d31, d32 = r.d32 + excluded.d32, d33 = r.d33 + excluded.d33, d34 = r.d34 + excluded.d34,
    d35 = r.d35 + excluded.d35, d36 = r.d36 + excluded.d36, d37 = r.d37 + excluded.d37, d38 = r.d38 + excluded.d38, d39 = r.d39 + excluded.d39,
    d40 = r.d40 + excluded.d40, d41 = r.d41 + excluded.d41, d42 = r.d42 + excluded.d42, d43 = r.d43 + excluded.d43, d44 = r.d44 + excluded.d44,
    d45 = r.d45 + excluded.d45, d46 = r.d46 + excluded.d46, d47 = r.d47 + excluded.d47, d48 = r.d48 + excluded.d48, d49 = r.d49 + excluded.d49,
    d50 = r.d50 + excluded.d50, d51 = r.d51 + excluded.d51, d52 = r.d52 + excluded.d52, d53 = r.d53 + excluded.d53, d54 = r.d54 + excluded.d54,
    d55 = r.d55 + excluded.d55, d56 = r.d56 + excluded.d56, d57 = r.d57 + excluded.d57, d58 = r.d58 + excluded.d58, d59 = r.d59 + excluded.d59,
    d60 = r.d60 + excluded.d60;
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
