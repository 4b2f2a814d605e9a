-- Listener and requester identities. No login: an identity is a display name and an id.
create table if not exists users (
  id uuid primary key default gen_random_uuid(),
  display_name varchar(40) not null check (char_length(display_name) between 1 and 40),
  created_at timestamptz not null default now()
);
