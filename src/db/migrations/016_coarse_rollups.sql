-- Coarse rollups (issue 10): insight whose cost follows the number of groups, not days × keys.
--
-- rollup_visits, rollup_parts and rollup_pairs gain a "coarse" twin each (…_coarse) holding the
-- same sums for whole periods: 7-day blocks nested in calendar months (days 1-7, 8-14, 15-21,
-- 22-28 and 29 to the month's end; grain 1) and calendar months (grain 2); `day` is the first
-- day of the period. A date range is answered from month rows for the whole months inside it,
-- block rows for the whole blocks left, and day rows for the rest (≤ 6 days at each edge, plus
-- the days not sealed yet): src/db/repositories/insight-spans.ts.
--
-- Sealing. Coarse rows exist only for periods that end on or before rollup_seal.sealed_through
-- (always the last day of a block). seal_rollups() — run by the server at start and daily,
-- src/server/services/rollup-seal.service.ts — folds the day rows of the periods that became
-- sealable (never a day younger than three days) into coarse rows. Today's visits therefore
-- pay no extra upsert. A change to a day already sealed (a late kiosk's visit, a family's
-- deletion) refolds the coarse rows of its key and period from the day rows, in the same
-- transaction (rollup_touch()). Concurrency (PostgreSQL): the sealer takes advisory lock
-- 7301016 exclusively; a writer of a day older than yesterday takes it shared before it reads
-- the sealed date, and the lock (7301017, key and month) before it refolds, so refolds of one key
-- and month follow each other and see each other's day rows. The day rows stay: they are the
-- truth, the coarse rows a sum of them, and refill_rollups() rebuilds both.
--
-- rollup_days: the overview's by-day series for sealed days — visits and with_idea per day,
-- showroom, age band and quality, without the model and the 61 duration columns (a fifth of
-- the width, half the rows of rollup_visits). Kept by the same fold and refold.
--
-- rollup_abandoned gets no coarse twin: the overview reads it by day (its by-day series), and
-- it has no model and no quality key, so its rows are few.

create or replace function rollup_block(p_day date) returns date
language sql immutable as $$ select p_day - ((extract(day from p_day)::int - 1) % 7) $$;
create or replace function rollup_month_end(p_day date) returns date
language sql immutable as $$ select (date_trunc('month', p_day) + interval '1 month' - interval '1 day')::date $$;
-- Written out rather than calling rollup_block/rollup_month_end: rollup_seal's check calls it, and a
-- restore (pg_dump output sets an empty search_path) could not find those two by their bare names.
create or replace function rollup_block_end(p_day date) returns date
language sql immutable as $$
  select least(p_day - ((extract(day from p_day)::int - 1) % 7) + 6,
               (date_trunc('month', p_day) + interval '1 month' - interval '1 day')::date)
$$;

-- Marks an insight query as not to be run in parallel (a query calling a PARALLEL UNSAFE function
-- never is; being immutable, the call is folded to true when the query is planned). The insight
-- queries read a few thousand rollup rows: starting parallel workers cost more (~20 ms measured at
-- 1 M visits) than they save, and with eight dashboards at once the cores are busy anyway.
create or replace function insight_serial() returns boolean
language plpgsql immutable parallel unsafe as $$ begin return true; end $$;

-- One row: the last day whose block and month rows exist (null: none sealed).
create table rollup_seal (
  one boolean primary key default true check (one),
  sealed_through date check (sealed_through is null or sealed_through = rollup_block_end(sealed_through))
);
insert into rollup_seal (one, sealed_through) values (true, null);

create table rollup_visits_coarse (
  -- 1: a 7-day block (days 1-7, 8-14, 15-21, 22-28, 29-end of its month); 2: a calendar month.
  grain smallint not null check (grain in (1, 2)),
  -- the first day of the period; every other column as in rollup_visits
  like rollup_visits including defaults
);
alter table rollup_visits_coarse add primary key (product_id, grain, day, showroom_id, age_band, quality),
  add foreign key (showroom_id) references showrooms(id) on delete cascade,
  add foreign key (product_id) references products(id);
create index rollup_visits_coarse_period on rollup_visits_coarse (grain, day);

create table rollup_parts_coarse (
  -- 1: a 7-day block (days 1-7, 8-14, 15-21, 22-28, 29-end of its month); 2: a calendar month.
  grain smallint not null check (grain in (1, 2)),
  -- the first day of the period; every other column as in rollup_parts
  like rollup_parts including defaults
);
alter table rollup_parts_coarse add primary key (product_id, grain, day, showroom_id, age_band, quality, part_id),
  add foreign key (showroom_id) references showrooms(id) on delete cascade,
  add foreign key (product_id) references products(id),
  add foreign key (part_id) references parts(id);
create index rollup_parts_coarse_period on rollup_parts_coarse (grain, day);

create table rollup_pairs_coarse (
  -- 1: a 7-day block (days 1-7, 8-14, 15-21, 22-28, 29-end of its month); 2: a calendar month.
  grain smallint not null check (grain in (1, 2)),
  -- the first day of the period; every other column as in rollup_pairs
  like rollup_pairs including defaults
);
alter table rollup_pairs_coarse add primary key (product_id, grain, day, showroom_id, age_band, quality, pair_id),
  add foreign key (showroom_id) references showrooms(id) on delete cascade,
  add foreign key (product_id) references products(id),
  add foreign key (pair_id) references pairs(id);
create index rollup_pairs_coarse_period on rollup_pairs_coarse (grain, day);

create table rollup_days (
  day date not null,
  showroom_id uuid not null references showrooms(id) on delete cascade,
  age_band text not null,
  quality text not null,
  visits int not null default 0,
  with_idea int not null default 0,
  primary key (day, showroom_id, age_band, quality)
);

-- Folds the day rows of every block and month ending in (p_after, p_through] into coarse rows
-- (none of which exist yet). Both days are block ends; p_after null: from the beginning.
create or replace function rollup_fold(p_after date, p_through date) returns void
language plpgsql as $$
declare
  v_after date := coalesce(p_after, '-infinity'::date);
  -- months ending after p_after start on or after the first day of p_after + 1's month
  v_month_from date := coalesce(date_trunc('month', p_after + 1)::date, '-infinity'::date);
  v_month_through date := case when rollup_month_end(p_through) = p_through then p_through
                               else date_trunc('month', p_through)::date - 1 end;
begin
  insert into rollup_days (day, showroom_id, age_band, quality, visits, with_idea)
  select r.day, r.showroom_id, r.age_band, r.quality, sum(r.visits), sum(r.with_idea)
    from rollup_visits r
   where r.day > v_after and r.day <= p_through
   group by r.day, r.showroom_id, r.age_band, r.quality;
  insert into rollup_visits_coarse (grain, day, showroom_id, product_id, age_band, quality,
         visits, again_yes, again_maybe, again_no, with_idea, d0, d1, d2, d3, d4, d5, d6,
           d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18,
           d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30,
           d31, d32, d33, d34, d35, d36, d37, d38, d39, d40, d41, d42,
           d43, d44, d45, d46, d47, d48, d49, d50, d51, d52, d53, d54,
           d55, d56, d57, d58, d59, d60)
  select 1, rollup_block(r.day), r.showroom_id, r.product_id, r.age_band, r.quality,
         sum(r.visits), sum(r.again_yes), sum(r.again_maybe), sum(r.again_no), sum(r.with_idea), sum(r.d0), sum(r.d1), sum(r.d2),
           sum(r.d3), sum(r.d4), sum(r.d5), sum(r.d6), sum(r.d7), sum(r.d8), sum(r.d9), sum(r.d10),
           sum(r.d11), sum(r.d12), sum(r.d13), sum(r.d14), sum(r.d15), sum(r.d16), sum(r.d17), sum(r.d18),
           sum(r.d19), sum(r.d20), sum(r.d21), sum(r.d22), sum(r.d23), sum(r.d24), sum(r.d25), sum(r.d26),
           sum(r.d27), sum(r.d28), sum(r.d29), sum(r.d30), sum(r.d31), sum(r.d32), sum(r.d33), sum(r.d34),
           sum(r.d35), sum(r.d36), sum(r.d37), sum(r.d38), sum(r.d39), sum(r.d40), sum(r.d41), sum(r.d42),
           sum(r.d43), sum(r.d44), sum(r.d45), sum(r.d46), sum(r.d47), sum(r.d48), sum(r.d49), sum(r.d50),
           sum(r.d51), sum(r.d52), sum(r.d53), sum(r.d54), sum(r.d55), sum(r.d56), sum(r.d57), sum(r.d58),
           sum(r.d59), sum(r.d60)
    from rollup_visits r
   where r.day > v_after and r.day <= p_through
   group by rollup_block(r.day), r.showroom_id, r.product_id, r.age_band, r.quality;
  insert into rollup_visits_coarse (grain, day, showroom_id, product_id, age_band, quality,
         visits, again_yes, again_maybe, again_no, with_idea, d0, d1, d2, d3, d4, d5, d6,
           d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18,
           d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30,
           d31, d32, d33, d34, d35, d36, d37, d38, d39, d40, d41, d42,
           d43, d44, d45, d46, d47, d48, d49, d50, d51, d52, d53, d54,
           d55, d56, d57, d58, d59, d60)
  select 2, date_trunc('month', r.day)::date, r.showroom_id, r.product_id, r.age_band, r.quality,
         sum(r.visits), sum(r.again_yes), sum(r.again_maybe), sum(r.again_no), sum(r.with_idea), sum(r.d0), sum(r.d1), sum(r.d2),
           sum(r.d3), sum(r.d4), sum(r.d5), sum(r.d6), sum(r.d7), sum(r.d8), sum(r.d9), sum(r.d10),
           sum(r.d11), sum(r.d12), sum(r.d13), sum(r.d14), sum(r.d15), sum(r.d16), sum(r.d17), sum(r.d18),
           sum(r.d19), sum(r.d20), sum(r.d21), sum(r.d22), sum(r.d23), sum(r.d24), sum(r.d25), sum(r.d26),
           sum(r.d27), sum(r.d28), sum(r.d29), sum(r.d30), sum(r.d31), sum(r.d32), sum(r.d33), sum(r.d34),
           sum(r.d35), sum(r.d36), sum(r.d37), sum(r.d38), sum(r.d39), sum(r.d40), sum(r.d41), sum(r.d42),
           sum(r.d43), sum(r.d44), sum(r.d45), sum(r.d46), sum(r.d47), sum(r.d48), sum(r.d49), sum(r.d50),
           sum(r.d51), sum(r.d52), sum(r.d53), sum(r.d54), sum(r.d55), sum(r.d56), sum(r.d57), sum(r.d58),
           sum(r.d59), sum(r.d60)
    from rollup_visits r
   where r.day between v_month_from and v_month_through
   group by date_trunc('month', r.day)::date, r.showroom_id, r.product_id, r.age_band, r.quality;
  insert into rollup_parts_coarse (grain, day, showroom_id, product_id, age_band, quality, part_id,
         f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
  select 1, rollup_block(r.day), r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id,
         sum(r.f1), sum(r.f2), sum(r.f3), sum(r.f4), sum(r.f5), sum(r.fav1), sum(r.fav2), sum(r.fav3),
           sum(r.so_n), sum(r.so_sum), sum(r.so_sq)
    from rollup_parts r
   where r.day > v_after and r.day <= p_through
   group by rollup_block(r.day), r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id;
  insert into rollup_parts_coarse (grain, day, showroom_id, product_id, age_band, quality, part_id,
         f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
  select 2, date_trunc('month', r.day)::date, r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id,
         sum(r.f1), sum(r.f2), sum(r.f3), sum(r.f4), sum(r.f5), sum(r.fav1), sum(r.fav2), sum(r.fav3),
           sum(r.so_n), sum(r.so_sum), sum(r.so_sq)
    from rollup_parts r
   where r.day between v_month_from and v_month_through
   group by date_trunc('month', r.day)::date, r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id;
  insert into rollup_pairs_coarse (grain, day, showroom_id, product_id, age_band, quality, pair_id,
         a, b)
  select 1, rollup_block(r.day), r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id,
         sum(r.a), sum(r.b)
    from rollup_pairs r
   where r.day > v_after and r.day <= p_through
   group by rollup_block(r.day), r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id;
  insert into rollup_pairs_coarse (grain, day, showroom_id, product_id, age_band, quality, pair_id,
         a, b)
  select 2, date_trunc('month', r.day)::date, r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id,
         sum(r.a), sum(r.b)
    from rollup_pairs r
   where r.day between v_month_from and v_month_through
   group by date_trunc('month', r.day)::date, r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id;
end
$$;

-- Seals through p_through (default and at most: three days before today in p_time_zone),
-- rounded down to a block end. Returns the sealed date.
create or replace function seal_rollups(p_time_zone text, p_through date default null) returns date
language plpgsql as $$
declare
  v_limit date := (now() at time zone p_time_zone)::date - 3;
  v_target date := least(coalesce(p_through, v_limit), v_limit);
  v_old date;
begin
  if rollup_block_end(v_target) <> v_target then
    v_target := rollup_block(v_target) - 1;
  end if;
  perform pg_advisory_xact_lock(7301016);
  select sealed_through into v_old from rollup_seal where one for update;
  if v_old is not null and v_target <= v_old then
    return v_old;
  end if;
  perform rollup_fold(v_old, v_target);
  update rollup_seal set sealed_through = v_target where one;
  return v_target;
end
$$;

-- After a change to the day rows of one key (showroom, model, age band, quality) on p_day:
-- when p_day is sealed, that key's block row and (if sealed) month row are rebuilt from the
-- day rows. Called by store_visit for days before yesterday and by deleteVisit.
create or replace function rollup_touch(p_day date, p_showroom_id uuid, p_product_id uuid, p_age_band text, p_quality text, p_time_zone text)
returns void
language plpgsql as $$
declare
  v_sealed date;
  v_block date := rollup_block(p_day);
  v_month date := date_trunc('month', p_day)::date;
  v_month_end date := rollup_month_end(p_day);
  v_block_days date[];
  v_month_days date[];
begin
  if p_day >= (now() at time zone p_time_zone)::date - 1 then
    return;
  end if;
  perform pg_advisory_xact_lock_shared(7301016);
  select sealed_through into v_sealed from rollup_seal where one;
  if v_sealed is null or p_day > v_sealed then
    return;
  end if;
  -- not keyed by model: rollup_days rows are shared by the models
  perform pg_advisory_xact_lock(7301017, hashtext(p_showroom_id::text || p_age_band || p_quality || v_month::text));
  delete from rollup_days r where r.day = p_day and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality;
  insert into rollup_days (day, showroom_id, age_band, quality, visits, with_idea)
  select p_day, p_showroom_id, p_age_band, p_quality, sum(r.visits), sum(r.with_idea)
    from rollup_visits r
   where r.day = p_day and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
  having count(*) > 0;
  v_block_days := array(select generate_series(v_block, rollup_block_end(p_day), interval '1 day')::date);
  v_month_days := array(select generate_series(v_month, v_month_end, interval '1 day')::date);
  delete from rollup_visits_coarse r where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
     and ((r.grain = 1 and r.day = v_block) or (r.grain = 2 and r.day = v_month));
  insert into rollup_visits_coarse (grain, day, showroom_id, product_id, age_band, quality,
         visits, again_yes, again_maybe, again_no, with_idea, d0, d1, d2, d3, d4, d5, d6,
           d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18,
           d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30,
           d31, d32, d33, d34, d35, d36, d37, d38, d39, d40, d41, d42,
           d43, d44, d45, d46, d47, d48, d49, d50, d51, d52, d53, d54,
           d55, d56, d57, d58, d59, d60)
  select 1, v_block, r.showroom_id, r.product_id, r.age_band, r.quality,
         sum(r.visits), sum(r.again_yes), sum(r.again_maybe), sum(r.again_no), sum(r.with_idea), sum(r.d0), sum(r.d1), sum(r.d2),
           sum(r.d3), sum(r.d4), sum(r.d5), sum(r.d6), sum(r.d7), sum(r.d8), sum(r.d9), sum(r.d10),
           sum(r.d11), sum(r.d12), sum(r.d13), sum(r.d14), sum(r.d15), sum(r.d16), sum(r.d17), sum(r.d18),
           sum(r.d19), sum(r.d20), sum(r.d21), sum(r.d22), sum(r.d23), sum(r.d24), sum(r.d25), sum(r.d26),
           sum(r.d27), sum(r.d28), sum(r.d29), sum(r.d30), sum(r.d31), sum(r.d32), sum(r.d33), sum(r.d34),
           sum(r.d35), sum(r.d36), sum(r.d37), sum(r.d38), sum(r.d39), sum(r.d40), sum(r.d41), sum(r.d42),
           sum(r.d43), sum(r.d44), sum(r.d45), sum(r.d46), sum(r.d47), sum(r.d48), sum(r.d49), sum(r.d50),
           sum(r.d51), sum(r.d52), sum(r.d53), sum(r.d54), sum(r.d55), sum(r.d56), sum(r.d57), sum(r.d58),
           sum(r.d59), sum(r.d60)
    from rollup_visits r
   where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
     and r.day = any(v_block_days)
   group by v_block, r.showroom_id, r.product_id, r.age_band, r.quality;
  if v_month_end <= v_sealed then
    insert into rollup_visits_coarse (grain, day, showroom_id, product_id, age_band, quality,
           visits, again_yes, again_maybe, again_no, with_idea, d0, d1, d2, d3, d4, d5, d6,
             d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18,
             d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30,
             d31, d32, d33, d34, d35, d36, d37, d38, d39, d40, d41, d42,
             d43, d44, d45, d46, d47, d48, d49, d50, d51, d52, d53, d54,
             d55, d56, d57, d58, d59, d60)
    select 2, v_month, r.showroom_id, r.product_id, r.age_band, r.quality,
           sum(r.visits), sum(r.again_yes), sum(r.again_maybe), sum(r.again_no), sum(r.with_idea), sum(r.d0), sum(r.d1), sum(r.d2),
             sum(r.d3), sum(r.d4), sum(r.d5), sum(r.d6), sum(r.d7), sum(r.d8), sum(r.d9), sum(r.d10),
             sum(r.d11), sum(r.d12), sum(r.d13), sum(r.d14), sum(r.d15), sum(r.d16), sum(r.d17), sum(r.d18),
             sum(r.d19), sum(r.d20), sum(r.d21), sum(r.d22), sum(r.d23), sum(r.d24), sum(r.d25), sum(r.d26),
             sum(r.d27), sum(r.d28), sum(r.d29), sum(r.d30), sum(r.d31), sum(r.d32), sum(r.d33), sum(r.d34),
             sum(r.d35), sum(r.d36), sum(r.d37), sum(r.d38), sum(r.d39), sum(r.d40), sum(r.d41), sum(r.d42),
             sum(r.d43), sum(r.d44), sum(r.d45), sum(r.d46), sum(r.d47), sum(r.d48), sum(r.d49), sum(r.d50),
             sum(r.d51), sum(r.d52), sum(r.d53), sum(r.d54), sum(r.d55), sum(r.d56), sum(r.d57), sum(r.d58),
             sum(r.d59), sum(r.d60)
      from rollup_visits r
     where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
       and r.day = any(v_month_days)
     group by v_month, r.showroom_id, r.product_id, r.age_band, r.quality;
  end if;
  delete from rollup_parts_coarse r where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
     and ((r.grain = 1 and r.day = v_block) or (r.grain = 2 and r.day = v_month));
  insert into rollup_parts_coarse (grain, day, showroom_id, product_id, age_band, quality, part_id,
         f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
  select 1, v_block, r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id,
         sum(r.f1), sum(r.f2), sum(r.f3), sum(r.f4), sum(r.f5), sum(r.fav1), sum(r.fav2), sum(r.fav3),
           sum(r.so_n), sum(r.so_sum), sum(r.so_sq)
    from rollup_parts r
   where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
     and r.day = any(v_block_days)
   group by v_block, r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id;
  if v_month_end <= v_sealed then
    insert into rollup_parts_coarse (grain, day, showroom_id, product_id, age_band, quality, part_id,
           f1, f2, f3, f4, f5, fav1, fav2, fav3, so_n, so_sum, so_sq)
    select 2, v_month, r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id,
           sum(r.f1), sum(r.f2), sum(r.f3), sum(r.f4), sum(r.f5), sum(r.fav1), sum(r.fav2), sum(r.fav3),
             sum(r.so_n), sum(r.so_sum), sum(r.so_sq)
      from rollup_parts r
     where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
       and r.day = any(v_month_days)
     group by v_month, r.showroom_id, r.product_id, r.age_band, r.quality, r.part_id;
  end if;
  delete from rollup_pairs_coarse r where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
     and ((r.grain = 1 and r.day = v_block) or (r.grain = 2 and r.day = v_month));
  insert into rollup_pairs_coarse (grain, day, showroom_id, product_id, age_band, quality, pair_id,
         a, b)
  select 1, v_block, r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id,
         sum(r.a), sum(r.b)
    from rollup_pairs r
   where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
     and r.day = any(v_block_days)
   group by v_block, r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id;
  if v_month_end <= v_sealed then
    insert into rollup_pairs_coarse (grain, day, showroom_id, product_id, age_band, quality, pair_id,
           a, b)
    select 2, v_month, r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id,
           sum(r.a), sum(r.b)
      from rollup_pairs r
     where r.product_id = p_product_id and r.showroom_id = p_showroom_id and r.age_band = p_age_band and r.quality = p_quality
       and r.day = any(v_month_days)
     group by v_month, r.showroom_id, r.product_id, r.age_band, r.quality, r.pair_id;
  end if;
end
$$;

-- refill_rollups(time zone) rebuilds the day rows (migration 013's function, renamed) and then
-- the coarse rows of every sealed period from them.
alter function refill_rollups(text) rename to refill_day_rollups;
create or replace function refill_rollups(p_time_zone text) returns void
language plpgsql as $$
declare
  v_sealed date;
begin
  perform pg_advisory_xact_lock(7301016);
  perform refill_day_rollups(p_time_zone);
  truncate rollup_visits_coarse, rollup_parts_coarse, rollup_pairs_coarse, rollup_days;
  select sealed_through into v_sealed from rollup_seal where one;
  if v_sealed is not null then
    perform rollup_fold(null, v_sealed);
  end if;
end
$$;

-- store_visit: as in 015, plus rollup_touch for a day before yesterday.
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

  -- A visit of a day already folded into block and month rows (a kiosk that was offline): its
  -- key's coarse rows are refolded in this transaction. Today's and yesterday's visits skip this
  -- (the sealer never seals a day younger than three days), so ingest pays no extra upsert.
  if v_day < (now() at time zone p_time_zone)::date - 1 then
    perform rollup_touch(v_day, p_showroom_id, p_product_id, p_age_band, p_quality, p_time_zone);
  end if;

  return 'stored';
end
$$;

-- Seal what is there (the migration runner sets littleadvisors.report_timezone).
select seal_rollups(coalesce(nullif(current_setting('littleadvisors.report_timezone', true), ''), 'UTC'));
