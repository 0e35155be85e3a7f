-- Insight over millions of visits (measured by bench/insight.ts; figures in docs/PERFORMANCE.md).

-- The overview's duration histogram filters rollup_durations by day only (all models), but its
-- primary key leads with product_id: without this, every date range read the whole table.
-- Only `day` is indexed, so the per-visit upserts of `visits` stay HOT updates.
create index rollup_durations_day on rollup_durations(day);

-- The overview counts abandoned visits of all showrooms by time (abandonedByDay); the existing
-- abandoned_visits_at leads with showroom_id. The included columns answer the showroom and age
-- band filters from the index alone (rows are never updated).
create index abandoned_visits_at_all on abandoned_visits(at) include (showroom_id, age_band);
