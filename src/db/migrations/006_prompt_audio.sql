-- A recorded clip per prompt and language, played instead of speech synthesis when present.
alter table parts add column audio_zh text references assets(id);
alter table parts add column audio_en text references assets(id);
alter table pairs add column audio_zh text references assets(id);
alter table pairs add column audio_en text references assets(id);
