-- The station clock. seq is a fencing token: every advance is a compare-and-set on it.
create table if not exists station (
  id text primary key,
  name text not null,
  seq bigint not null default 0,
  current_track_id uuid references tracks (id) on delete set null,
  started_at timestamptz,
  ends_at timestamptz,
  paused boolean not null default false,
  paused_at timestamptz,
  updated_at timestamptz not null default now()
);

insert into station (id, name) values ('main', 'radio402') on conflict (id) do nothing;
