-- Stores a whole visit: tombstone check, visit row, answers, idea, media, rollups and the
-- live-update notice. A PL/pgSQL function keeps its statements' plans for the session, so a
-- visit costs one short call instead of parsing and planning a large statement every time.
-- Called as one statement, it is atomic: whole or nothing.
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
  p_time_zone text
) returns text
language plpgsql as $$
declare
  v_day date;
  v_media uuid;
begin
  if exists (select 1 from visit_tombstones where id_hash = p_id_hash) then
    return 'tombstoned';
  end if;
  insert into visits (id, ticket_hash, content_hash, device_id, showroom_id, activity_version, product_id,
                      locale, age_band, avatar, nickname, nickname_flagged, consent_gallery, consent_voice,
                      consent_nickname, consent_text_version, started_at, completed_at, again)
  values (p_id, p_ticket_hash, p_content_hash, p_device_id, p_showroom_id, p_activity_version, p_product_id,
          p_locale, p_age_band, p_avatar, p_nickname, p_nickname_flagged, p_consent_gallery, p_consent_voice,
          p_consent_nickname, p_consent_text_version, p_started_at, p_completed_at, p_again)
  on conflict (id) do nothing;
  if not found then
    return 'exists';
  end if;

  insert into ratings (visit_id, part_id, face)
  select p_id, x.part_id, x.face from unnest(p_part_ids, p_faces) as x(part_id, face);
  insert into choices (visit_id, pair_id, picked)
  select p_id, x.pair_id, x.picked from unnest(p_pair_ids, p_picks) as x(pair_id, picked);
  insert into favourites (visit_id, part_id, rank)
  select p_id, x.part_id, x.rank from unnest(p_part_ids, p_fav_ranks) as x(part_id, rank) where x.rank > 0;

  if p_media_mime is not null then
    insert into media (visit_id, mime, bytes, duration_ms) values (p_id, p_media_mime, p_media_bytes, p_media_duration)
    returning id into v_media;
  end if;
  if p_idea_kind is not null then
    insert into ideas (visit_id, kind, text, drawing, media_id, flags)
    values (p_id, p_idea_kind, p_idea_text, p_idea_drawing, v_media, p_idea_flags);
  end if;

  v_day := (p_completed_at at time zone p_time_zone)::date;
  insert into rollup_visits as r (day, showroom_id, product_id, age_band, visits, again_yes, again_maybe, again_no, with_idea)
  values (v_day, p_showroom_id, p_product_id, p_age_band, 1, (coalesce(p_again, '') = 'yes')::int,
          (coalesce(p_again, '') = 'maybe')::int, (coalesce(p_again, '') = 'no')::int, (p_idea_kind is not null)::int)
  on conflict (product_id, day, showroom_id, age_band) do update set
    visits = r.visits + 1, again_yes = r.again_yes + excluded.again_yes, again_maybe = r.again_maybe + excluded.again_maybe,
    again_no = r.again_no + excluded.again_no, with_idea = r.with_idea + excluded.with_idea;
  insert into rollup_durations as r (day, showroom_id, product_id, age_band, bucket, visits)
  values (v_day, p_showroom_id, p_product_id, p_age_band,
          least(60, floor(extract(epoch from (p_completed_at - p_started_at)) / 15))::smallint, 1)
  on conflict (product_id, day, showroom_id, age_band, bucket) do update set visits = r.visits + 1;
  -- Sorted by part and pair so concurrent visits lock rollup rows in the same order (no deadlocks).
  insert into rollup_parts as r (day, showroom_id, product_id, age_band, part_id, f1, f2, f3, f4, f5, fav1, fav2, fav3)
  select v_day, p_showroom_id, p_product_id, p_age_band, x.part_id,
         (x.face = 1)::int, (x.face = 2)::int, (x.face = 3)::int, (x.face = 4)::int, (x.face = 5)::int,
         (x.fav = 1)::int, (x.fav = 2)::int, (x.fav = 3)::int
    from unnest(p_part_ids, p_faces, p_fav_ranks) as x(part_id, face, fav)
   order by x.part_id
  on conflict (product_id, day, showroom_id, age_band, part_id) do update set
    f1 = r.f1 + excluded.f1, f2 = r.f2 + excluded.f2, f3 = r.f3 + excluded.f3, f4 = r.f4 + excluded.f4, f5 = r.f5 + excluded.f5,
    fav1 = r.fav1 + excluded.fav1, fav2 = r.fav2 + excluded.fav2, fav3 = r.fav3 + excluded.fav3;
  insert into rollup_pairs as r (day, showroom_id, product_id, age_band, pair_id, a, b)
  select v_day, p_showroom_id, p_product_id, p_age_band, x.pair_id, (x.picked = 'a')::int, (x.picked = 'b')::int
    from unnest(p_pair_ids, p_picks) as x(pair_id, picked)
   order by x.pair_id
  on conflict (product_id, day, showroom_id, age_band, pair_id) do update set a = r.a + excluded.a, b = r.b + excluded.b;

  perform pg_notify('visit_stored', json_build_object('showroomId', p_showroom_id::text, 'visitId', p_id)::text);
  return 'stored';
end
$$;
