-- Themes of children's ideas (issue 9, section 3).

-- Words an admin adds so a part is found in ideas that do not use its catalog name
-- ("座位" for 座椅, "tyres" for Wheels). Keyed by the part's key, not its row, so
-- synonyms survive the new row that every published edit of a part makes.
create table part_synonyms (
  product_id uuid not null references products(id) on delete cascade,
  part_key text not null,
  lang text not null check (lang in ('zh', 'en')),
  term text not null check (char_length(term) between 1 and 40),
  position int not null default 0,
  primary key (product_id, part_key, lang, term)
);

-- Each idea's analysed terms, computed on first use by the themes service and kept so
-- a dashboard does not re-segment every idea on every request. Derived from the stored
-- (redacted) text only; goes with the idea when a family or retention deletes it, and is
-- recomputed when the text (md5) or the analyser (version) changes.
create table idea_theme_terms (
  idea_id uuid primary key references ideas(id) on delete cascade,
  analyzer_version int not null,
  text_md5 text not null,
  tokens jsonb not null
);
