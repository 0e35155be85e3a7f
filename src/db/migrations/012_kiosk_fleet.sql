-- Kiosk fleet (issue 11): what each kiosk reports about its storage, and when the
-- fleet sweep last announced it stale (kiosk.stale fires once per stale episode; the
-- next request from the kiosk clears it, so a restart never fires the same episode again).
alter table devices
  add column storage_used_bytes bigint,
  add column storage_quota_bytes bigint,
  add column storage_persisted boolean,
  add column stale_notified_at timestamptz;

create index devices_stale_sweep on devices (last_seen_at) where revoked_at is null and stale_notified_at is null;
