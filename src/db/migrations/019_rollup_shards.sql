-- Rollup rows shared out when visits of one key arrive together (issue 10, ingest under contention).
--
-- Ten kiosks of one showroom storing visits at once all update the same few rollup rows (today,
-- the showroom, the model, the age band): each visit holds its rows' locks until its commit has
-- been flushed, so the others queue behind it one by one (docs/PERFORMANCE.md, "Ingest under
-- contention": 38 % of the backends' time in Lock:transactionid). Now a key may have several
-- rows, told apart by `shard`: store_visit adds to the key's lowest shard no other visit is
-- writing at that moment (told by a non-waiting advisory lock per key and shard; at most 16).
-- Visits that arrive one at a time all land on shard 0, so a quiet key keeps one row and the
-- insight reads as many rows as before; only keys written concurrently get more, about as many
-- as visits were in flight together.
--
-- Every reader already sums day rows per key (insight, the fold into block and month rows,
-- rollup_touch's refold, rollup_days), so answers are unchanged. A deletion subtracts from
-- shard 0 (src/db/repositories/visits.repository.ts): a shard row's own counts may then go
-- below zero while every key's sum stays exact. The sealer leaves shards as they are.
-- rollup_abandoned, written by one statement per abandoned visit and read by day, is not sharded.

alter table rollup_visits add column shard smallint not null default 0 check (shard between 0 and 15);
alter table rollup_visits drop constraint rollup_visits_pkey,
  add constraint rollup_visits_pkey primary key (product_id, day, showroom_id, age_band, quality, shard);
alter table rollup_parts add column shard smallint not null default 0 check (shard between 0 and 15);
alter table rollup_parts drop constraint rollup_parts_pkey,
  add constraint rollup_parts_pkey primary key (product_id, day, showroom_id, age_band, quality, part_id, shard);
alter table rollup_pairs add column shard smallint not null default 0 check (shard between 0 and 15);
alter table rollup_pairs drop constraint rollup_pairs_pkey,
  add constraint rollup_pairs_pkey primary key (product_id, day, showroom_id, age_band, quality, pair_id, shard);

-- The first key of a rollup key's shard locks (the second is the shard). A deletion takes shard
-- 0's lock before it subtracts there, so it never interleaves with a visit adding to shard 0.
create or replace function rollup_shard_key(p_day date, p_showroom_id uuid, p_product_id uuid, p_age_band text, p_quality text)
returns int
language sql immutable as $$
  -- the day as a number: date-to-text follows the session's DateStyle
  select hashtext('rollup-shard:' || (p_day - date '2000-01-01')::text || ':' || p_showroom_id::text || ':' || p_product_id::text
                  || ':' || p_age_band || ':' || p_quality)
$$;

-- store_visit: as in 016, with the rollup rows' shard.
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
  v_shard smallint;
  v_shard_key int;
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
  -- The key's lowest shard no other visit is writing at this moment: the first whose advisory
  -- lock is free (a try never waits). A lock rather than the rows' own locks because a shard row
  -- another visit is creating right now cannot be seen, let alone skipped. With all 16 taken,
  -- wait for the last. This visit's parts and pairs rows take the same shard.
  v_shard_key := rollup_shard_key(v_day, p_showroom_id, p_product_id, p_age_band, p_quality);
  v_shard := 0;
  while v_shard < 15 and not pg_try_advisory_xact_lock(v_shard_key, v_shard) loop
    v_shard := v_shard + 1;
  end loop;
  if v_shard = 15 then
    perform pg_advisory_xact_lock(v_shard_key, 15);
  end if;
  insert into rollup_visits as r (day, showroom_id, product_id, age_band, quality, shard, visits, again_yes, again_maybe, again_no, with_idea,
                                  d0, d1, d2, d3, d4, d5, d6, d7, d8, d9,
                                  d10, d11, d12, d13, d14, d15, d16, d17, d18, d19,
                                  d20, d21, d22, d23, d24, d25, d26, d27, d28, d29,
                                  d30, d31, d32, d33, d34, d35, d36, d37, d38, d39,
                                  d40, d41, d42, d43, d44, d45, d46, d47, d48, d49,
                                  d50, d51, d52, d53, d54, d55, d56, d57, d58, d59,
                                  d60)
  values (v_day, p_showroom_id, p_product_id, p_age_band, p_quality, v_shard, 1, (coalesce(p_again, '') = 'yes')::int,
          (coalesce(p_again, '') = 'maybe')::int, (coalesce(p_again, '') = 'no')::int, (p_idea_kind is not null)::int,
          (v_bucket = 0)::int, (v_bucket = 1)::int, (v_bucket = 2)::int, (v_bucket = 3)::int, (v_bucket = 4)::int, (v_bucket = 5)::int, (v_bucket = 6)::int, (v_bucket = 7)::int,
          (v_bucket = 8)::int, (v_bucket = 9)::int, (v_bucket = 10)::int, (v_bucket = 11)::int, (v_bucket = 12)::int, (v_bucket = 13)::int, (v_bucket = 14)::int, (v_bucket = 15)::int,
          (v_bucket = 16)::int, (v_bucket = 17)::int, (v_bucket = 18)::int, (v_bucket = 19)::int, (v_bucket = 20)::int, (v_bucket = 21)::int, (v_bucket = 22)::int, (v_bucket = 23)::int,
          (v_bucket = 24)::int, (v_bucket = 25)::int, (v_bucket = 26)::int, (v_bucket = 27)::int, (v_bucket = 28)::int, (v_bucket = 29)::int, (v_bucket = 30)::int, (v_bucket = 31)::int,
          (v_bucket = 32)::int, (v_bucket = 33)::int, (v_bucket = 34)::int, (v_bucket = 35)::int, (v_bucket = 36)::int, (v_bucket = 37)::int, (v_bucket = 38)::int, (v_bucket = 39)::int,
          (v_bucket = 40)::int, (v_bucket = 41)::int, (v_bucket = 42)::int, (v_bucket = 43)::int, (v_bucket = 44)::int, (v_bucket = 45)::int, (v_bucket = 46)::int, (v_bucket = 47)::int,
          (v_bucket = 48)::int, (v_bucket = 49)::int, (v_bucket = 50)::int, (v_bucket = 51)::int, (v_bucket = 52)::int, (v_bucket = 53)::int, (v_bucket = 54)::int, (v_bucket = 55)::int,
          (v_bucket = 56)::int, (v_bucket = 57)::int, (v_bucket = 58)::int, (v_bucket = 59)::int, (v_bucket = 60)::int)
  on conflict (product_id, day, showroom_id, age_band, quality, shard) do update set
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
  insert into rollup_parts as r (day, showroom_id, product_id, age_band, quality, shard, part_id, f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
  select v_day, p_showroom_id, p_product_id, p_age_band, p_quality, v_shard, x.part_id,
         (x.face = 1)::int, (x.face = 2)::int, (x.face = 3)::int, (x.face = 4)::int, (x.face = 5)::int,
         (x.fav = 1)::int, (x.fav = 2)::int, (x.fav = 3)::int,
         (v_k >= 2)::int,
         case when v_k >= 2 then within_child_score(x.face, v_total, v_k) else 0 end,
         case when v_k >= 2 then within_child_score(x.face, v_total, v_k) * within_child_score(x.face, v_total, v_k) else 0 end
    from unnest(p_part_ids, p_faces, p_fav_ranks) as x(part_id, face, fav)
   order by x.part_id
  on conflict (product_id, day, showroom_id, age_band, quality, part_id, shard) do update set
    f1 = r.f1 + excluded.f1, f2 = r.f2 + excluded.f2, f3 = r.f3 + excluded.f3, f4 = r.f4 + excluded.f4, f5 = r.f5 + excluded.f5,
    fav1 = r.fav1 + excluded.fav1, fav2 = r.fav2 + excluded.fav2, fav3 = r.fav3 + excluded.fav3,
    so_n = r.so_n + excluded.so_n, so_sum = r.so_sum + excluded.so_sum, so_sq = r.so_sq + excluded.so_sq;
  insert into rollup_pairs as r (day, showroom_id, product_id, age_band, quality, shard, pair_id, a, b)
  select v_day, p_showroom_id, p_product_id, p_age_band, p_quality, v_shard, x.pair_id, (x.picked = 'a')::int, (x.picked = 'b')::int
    from unnest(p_pair_ids, p_picks) as x(pair_id, picked)
   order by x.pair_id
  on conflict (product_id, day, showroom_id, age_band, quality, pair_id, shard) do update set a = r.a + excluded.a, b = r.b + excluded.b;

  -- A visit of a day already folded into block and month rows (a kiosk that was offline): its
  -- key's coarse rows are refolded in this transaction. Today's and yesterday's visits skip this
  -- (the sealer never seals a day younger than three days), so ingest pays no extra upsert.
  if v_day < (now() at time zone p_time_zone)::date - 1 then
    perform rollup_touch(v_day, p_showroom_id, p_product_id, p_age_band, p_quality, p_time_zone);
  end if;

  return 'stored';
end
$$;
