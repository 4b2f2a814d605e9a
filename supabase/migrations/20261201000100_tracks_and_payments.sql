-- Requested tracks, their payment challenge, generation result and play history.
create table if not exists tracks (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  prompt varchar(500) not null,
  duration_seconds integer not null check (duration_seconds > 0),
  status text not null check (
    status in (
      'PENDING_PAYMENT', 'PAID', 'GENERATING', 'READY', 'PLAYING', 'PLAYED', 'FAILED', 'EXPIRED'
    )
  ),
  price_usd text not null,
  price_amount numeric(78, 0) not null check (price_amount >= 0),
  x402_challenge_amount numeric(78, 0),
  x402_challenge_asset text,
  x402_challenge_network text,
  x402_challenge_pay_to text,
  x402_challenge_id text,
  x402_challenge_expires_at timestamptz,
  x402_challenge_requirements jsonb,
  payer_address text,
  payment_transaction text,
  payment_nonce text,
  audio_key text,
  audio_url text,
  content_type text,
  audio_duration_ms integer,
  error_code text,
  error_message text,
  error_detail jsonb,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  paid_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  played_at timestamptz,
  updated_at timestamptz not null default now()
);

create index if not exists tracks_status_paid_at_idx on tracks (status, paid_at);
create index if not exists tracks_user_created_idx on tracks (user_id, created_at desc);
create index if not exists tracks_played_at_idx on tracks (played_at desc) where played_at is not null;
create index if not exists tracks_challenge_expiry_idx on tracks (x402_challenge_expires_at)
  where status = 'PENDING_PAYMENT';

-- Append-only record of every payment event, for support and refunds.
create table if not exists payment_audit (
  id bigserial primary key,
  track_id uuid references tracks (id) on delete set null,
  event_type text not null,
  payer text,
  detail jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create index if not exists payment_audit_created_idx on payment_audit (created_at);
create index if not exists payment_audit_track_idx on payment_audit (track_id);

-- One signed authorization pays for one track, once: (payer, nonce) is unique.
create table if not exists payment_authorizations (
  payer text not null,
  nonce text not null,
  track_id uuid not null references tracks (id),
  network text not null,
  amount numeric(78, 0) not null,
  transaction text,
  created_at timestamptz not null default now(),
  primary key (payer, nonce)
);

create unique index if not exists payment_authorizations_track_idx
  on payment_authorizations (track_id);

-- The mock facilitator's simulated chain: balances debited on settlement.
create table if not exists mock_chain_balances (
  address text primary key,
  balance numeric(78, 0) not null check (balance >= 0),
  updated_at timestamptz not null default now()
);

create table if not exists mock_chain_nonces (
  payer text not null,
  nonce text not null,
  transaction text not null,
  created_at timestamptz not null default now(),
  primary key (payer, nonce)
);
