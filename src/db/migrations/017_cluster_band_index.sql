-- Near-duplicate clustering inside the visit's own statement, with candidates found by index
-- probes (issue 10, HTTP ingest). Until now every stored idea paid a second transaction, a lock
-- round trip and a walk over its kiosk's 500 newest signatures (64-key band overlap on each).
-- Now each of a signature's 64 LSH band keys is a row of idea_signature_bands, indexed by
-- (kiosk, kind, band, time): the candidates are the newest ideas sharing a band, found with one
-- short backward index probe per band. The clustering rule itself (threshold, 24 h window,
-- at most 32 candidates compared in full) is unchanged; see docs/ARCHITECTURE.md.

create table idea_signature_bands (
  idea_id uuid not null references idea_signatures(idea_id) on delete cascade,
  device_id uuid not null,
  kind text not null,
  band int not null,
  created_at timestamptz not null
);
-- The probe: newest first within one kiosk's band; idea_id included so the probe never visits the heap for it.
create index idea_signature_bands_probe on idea_signature_bands(device_id, kind, band, created_at desc) include (idea_id);
-- For the cascade when a signature goes (pruned, or its idea deleted with its family's visit).
create index idea_signature_bands_idea on idea_signature_bands(idea_id);

-- Signatures stored before this migration: their bands too, so they are still met.
insert into idea_signature_bands (idea_id, device_id, kind, band, created_at)
select s.idea_id, s.device_id, s.kind, b.band, s.created_at from idea_signatures s cross join lateral unnest(s.bands) as b(band);

-- A signature's time is its idea's; should it ever be changed (by hand, or a test ageing an idea),
-- its band rows follow, so the window is the same whichever table the probe reads.
create function idea_signature_bands_time() returns trigger language plpgsql as $$
begin
  update idea_signature_bands set created_at = new.created_at where idea_id = new.idea_id;
  return null;
end $$;
create trigger idea_signatures_time after update of created_at on idea_signatures
  for each row when (old.created_at is distinct from new.created_at) execute function idea_signature_bands_time();

/*
 * store_visit (as it is, whatever migration last defined it), then, for a stored visit with a
 * signed idea, in the same statement and so the same transaction: the kiosk's cluster lock
 * (held until the caller's transaction ends, so the caller's joinOrCreateCluster runs under it),
 * pruning of the kiosk's signatures older than p_prune_hours, the idea's signature and band rows,
 * and the candidates: the newest p_limit signatures of the kiosk and kind within p_hours of the
 * idea sharing at least one band, with their full signatures (p_limit null: no band rows and no
 * candidates, for a caller keeping the band index in memory). One row per candidate (or one row
 * with null candidate columns); idea_id is the stored idea's id whatever its kind (null without one).
 *
 * Exactness of the probe: a signature among the newest p_limit sharing any band with the new
 * one is, for a band it shares, among that band's newest p_limit, so the union of the per-band
 * newest p_limit, cut to its newest p_limit, is exactly "the newest p_limit sharing a band".
 */
create function store_visit_clustered(
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
  p_quality text, p_rating_ms int[], p_pick_ms int[], p_fav_ms int[],
  p_sig_kind text, p_minhash bytea, p_bands int[], p_hours int, p_prune_hours int, p_limit int, p_lock_key int
) returns table (outcome text, idea_id uuid, idea_at timestamptz, cand_id uuid, cand_minhash bytea)
language plpgsql as $$
declare
  v_outcome text;
  v_idea uuid;
  v_at timestamptz;
begin
  v_outcome := store_visit(p_id, p_ticket_hash, p_content_hash, p_device_id, p_showroom_id,
    p_activity_version, p_product_id, p_locale, p_age_band, p_avatar,
    p_nickname, p_nickname_flagged, p_consent_gallery, p_consent_voice,
    p_consent_nickname, p_consent_text_version, p_started_at, p_completed_at,
    p_again, p_id_hash, p_part_ids, p_faces, p_fav_ranks, p_pair_ids, p_picks,
    p_idea_kind, p_idea_text, p_idea_drawing, p_idea_flags,
    p_media_mime, p_media_bytes, p_media_duration, p_time_zone,
    p_quality, p_rating_ms, p_pick_ms, p_fav_ms);
  if v_outcome <> 'stored' or p_idea_kind is null then
    return query select v_outcome, null::uuid, null::timestamptz, null::uuid, null::bytea;
    return;
  end if;
  select i.id, i.created_at into v_idea, v_at from ideas i where i.visit_id = p_id;
  if p_sig_kind is null then
    return query select v_outcome, v_idea, v_at, null::uuid, null::bytea;
    return;
  end if;
  -- After the lock, each statement below takes a fresh snapshot (read committed): it sees every
  -- idea of this kiosk clustered before, and two visits of one kiosk at once cannot miss each other.
  perform pg_advisory_xact_lock(p_lock_key, hashtext(p_device_id::text));
  delete from idea_signatures g where g.device_id = p_device_id and g.kind = p_sig_kind and g.created_at < now() - make_interval(hours => p_prune_hours);
  insert into idea_signatures (idea_id, device_id, kind, minhash, bands, created_at)
  values (v_idea, p_device_id, p_sig_kind, p_minhash, p_bands, v_at);
  -- No limit: the caller keeps the band index itself (PGlite, one process: cluster-band-index.ts).
  if p_limit is null then
    return query select v_outcome, v_idea, v_at, null::uuid, null::bytea;
    return;
  end if;
  insert into idea_signature_bands (idea_id, device_id, kind, band, created_at)
  select v_idea, p_device_id, p_sig_kind, b, v_at from unnest(p_bands) as b;
  return query
    with cand as (
      select c.idea_id, max(c.created_at) as created_at
        from unnest(p_bands) as pb(band)
        cross join lateral (
          select x.idea_id, x.created_at from idea_signature_bands x
           where x.device_id = p_device_id and x.kind = p_sig_kind and x.band = pb.band and x.idea_id <> v_idea
             and x.created_at between v_at - make_interval(hours => p_hours) and v_at + make_interval(hours => p_hours)
           order by x.created_at desc limit p_limit) c
       group by c.idea_id
       order by max(c.created_at) desc, c.idea_id
       limit p_limit
    )
    select v_outcome, v_idea, v_at, cand.idea_id, sg.minhash
      from (select 1) one
      left join cand on true
      left join idea_signatures sg on sg.idea_id = cand.idea_id;
end
$$;

/*
 * joinOrCreateCluster (src/db/repositories/idea-clusters.repository.ts) as a function, so its plans
 * are cached per session: sent as one CTE statement it was planned afresh for every visit, which
 * on PGlite cost about twice the update it does. Same rule as before: the ideas (p_ids[1] is the new
 * one; with p_confirm_hours the others only if still signed within that many hours of it) go into
 * the oldest cluster any of them is in, or a new one; members of the other clusters met move there
 * too and those clusters are deleted; the target's times are widened from what moved and it is
 * reopened. Nothing happens when fewer than two ideas remain. Run under the kiosk's cluster lock.
 */
create function join_idea_cluster(p_ids uuid[], p_device_id uuid, p_kind text, p_confirm_hours int)
returns table (target uuid, merged uuid[], confirmed int)
language plpgsql as $$
declare
  v_ids uuid[];
  v_target uuid;
  v_existing boolean;
  v_merged uuid[];
  v_first timestamptz;
  v_last timestamptz;
begin
  if p_confirm_hours is null then
    v_ids := p_ids;
  else
    select array_agg(x.id order by x.n) into v_ids
      from unnest(p_ids) with ordinality as x(id, n)
     where x.n = 1
        or exists (select 1 from idea_signatures s, idea_signatures me
                    where s.idea_id = x.id and s.device_id = p_device_id and s.kind = p_kind and me.idea_id = p_ids[1]
                      and s.created_at between me.created_at - make_interval(hours => p_confirm_hours) and me.created_at + make_interval(hours => p_confirm_hours));
  end if;
  if coalesce(cardinality(v_ids), 0) < 2 then
    return query select null::uuid, '{}'::uuid[], coalesce(cardinality(v_ids), 1) - 1;
    return;
  end if;
  select c.id into v_target from ideas i join idea_clusters c on c.id = i.duplicate_cluster_id
   where i.id = any(v_ids) order by c.created_at, c.id limit 1;
  v_existing := v_target is not null;
  if v_existing then
    select coalesce(array_agg(distinct i.duplicate_cluster_id), '{}') into v_merged from ideas i
     where i.id = any(v_ids) and i.duplicate_cluster_id is not null and i.duplicate_cluster_id <> v_target;
  else
    v_merged := '{}';
    insert into idea_clusters (device_id, kind, first_at, last_at)
    select p_device_id, p_kind, min(created_at), max(created_at) from ideas where id = any(v_ids)
    returning id into v_target;
  end if;
  with moved as (
    update ideas set duplicate_cluster_id = v_target
     where (id = any(v_ids) or (cardinality(v_merged) > 0 and duplicate_cluster_id = any(v_merged)))
       and duplicate_cluster_id is distinct from v_target
    returning created_at
  )
  select min(created_at), max(created_at) into v_first, v_last from moved;
  if v_existing then
    update idea_clusters k set first_at = least(k.first_at, v_first), last_at = greatest(k.last_at, v_last), status = 'open'
     where k.id = v_target;
  end if;
  if cardinality(v_merged) > 0 then
    delete from idea_clusters where id = any(v_merged);
  end if;
  return query select v_target, v_merged, cardinality(v_ids) - 1;
end
$$;
