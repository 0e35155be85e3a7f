-- Open invites are listed, re-linked and cancelled in the dashboard: each gets a stable id
-- (the token hash is the key and changes when an admin copies a fresh link), and may name
-- the e-mail address it is for (then only that address can accept it).
alter table staff_invites add column id uuid not null default gen_random_uuid();
alter table staff_invites add constraint staff_invites_id_key unique (id);
alter table staff_invites add column email text;
alter table staff_invites add column created_by text;
