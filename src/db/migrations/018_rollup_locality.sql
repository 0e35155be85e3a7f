-- Rollup rows of one day kept on few pages (issue 10, insight with 8 dashboards at once).
--
-- The insight queries read day rows for the unsealed days and the days at the edges of a range
-- (src/db/repositories/insight-spans.ts), a few thousand rows by primary-key range. Measured at
-- 1 M visits (docs/PERFORMANCE.md, "Rollup locality"): the love map's 3,573 edge-day rows sat on
-- 2,575 pages and its 4,499 unsealed-day rows on 2,993, one page visit per row; the same rows in key
-- order take ~50 pages, and the love map's database time halves.
--
-- Two causes, one fix each:
--  - Every visit updates its keys' rows. With full pages (fillfactor 100) the new row version goes
--    to whatever page has room, so a busy key wanders over the table during its day. With half of
--    each page kept free, the update is a HOT update: the new version stays on the page of the
--    old one (and no index entry is written, which also saves WAL on every visit). A day's rows
--    therefore stay where the day's first visits put them, next to each other.
--  - refill_rollups() rebuilt the day rows in hash-aggregate order, scattering each day over the
--    whole table; it now rewrites them in primary-key order (product, day, …) once filled, and the
--    coarse rows and rollup_days likewise (CLUSTER: one sort and rewrite per table, a few seconds
--    at 1 M visits against the refill's minute and a half).
-- The rows already stored are rewritten the same way here, with the new fillfactor.

alter table rollup_visits set (fillfactor = 50);
alter table rollup_parts set (fillfactor = 50);
alter table rollup_pairs set (fillfactor = 50);
alter table rollup_abandoned set (fillfactor = 50);

-- In primary-key order; also what refill_rollups() calls after a refill. A table without its
-- primary key is left as it is: the insight bench drops the keys for its bulk load and calls this
-- again once they are back (bench/insight/generate.ts).
create or replace function rollup_rewrite_in_key_order() returns void
language plpgsql as $$
declare
  v_table text;
begin
  foreach v_table in array array['rollup_visits', 'rollup_parts', 'rollup_pairs', 'rollup_abandoned', 'rollup_days',
                                 'rollup_visits_coarse', 'rollup_parts_coarse', 'rollup_pairs_coarse'] loop
    if to_regclass(v_table || '_pkey') is not null then
      execute format('cluster %I using %I', v_table, v_table || '_pkey');
    end if;
  end loop;
end
$$;

select rollup_rewrite_in_key_order();

-- As in 016, then the rewrite.
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
  perform rollup_rewrite_in_key_order();
end
$$;
