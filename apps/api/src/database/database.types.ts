import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** numeric(78,0) travels as a decimal string so no amount is ever a float. */
type Atomic = ColumnType<string, string | bigint, string | bigint>;
type Json = ColumnType<unknown, string, string>;

export const TRACK_STATUSES = [
  'PENDING_PAYMENT',
  'PAID',
  'GENERATING',
  'READY',
  'PLAYING',
  'PLAYED',
  'FAILED',
  'EXPIRED',
] as const;
export type TrackStatus = (typeof TRACK_STATUSES)[number];

export interface UsersTable {
  id: Generated<string>;
  display_name: string;
  created_at: Generated<Date>;
}

export interface TracksTable {
  id: Generated<string>;
  user_id: string;
  prompt: string;
  duration_seconds: number;
  status: TrackStatus;
  price_usd: string;
  price_amount: Atomic;
  x402_challenge_amount: ColumnType<string | null, string | bigint | null, string | null>;
  x402_challenge_asset: string | null;
  x402_challenge_network: string | null;
  x402_challenge_pay_to: string | null;
  x402_challenge_id: string | null;
  x402_challenge_expires_at: NullableTimestamp;
  x402_challenge_requirements: ColumnType<unknown | null, string | null, string | null>;
  payer_address: string | null;
  payment_transaction: string | null;
  payment_nonce: string | null;
  audio_key: string | null;
  audio_url: string | null;
  content_type: string | null;
  audio_duration_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  error_detail: ColumnType<unknown | null, string | null, string | null>;
  attempts: Generated<number>;
  created_at: Generated<Date>;
  paid_at: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  played_at: NullableTimestamp;
  updated_at: Generated<Date>;
}

export interface PaymentAuditTable {
  id: Generated<string>;
  track_id: string | null;
  event_type: string;
  payer: string | null;
  detail: Json;
  created_at: Generated<Date>;
}

export interface PaymentAuthorizationsTable {
  payer: string;
  nonce: string;
  track_id: string;
  network: string;
  amount: Atomic;
  transaction: string | null;
  created_at: Generated<Date>;
}

export interface MockChainBalancesTable {
  address: string;
  balance: Atomic;
  updated_at: Generated<Date>;
}

export interface MockChainNoncesTable {
  payer: string;
  nonce: string;
  transaction: string;
  created_at: Generated<Date>;
}

export interface StationTable {
  id: string;
  name: string;
  seq: ColumnType<number, number | undefined, number>;
  current_track_id: string | null;
  started_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  paused: Generated<boolean>;
  paused_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface Database {
  users: UsersTable;
  tracks: TracksTable;
  payment_audit: PaymentAuditTable;
  payment_authorizations: PaymentAuthorizationsTable;
  mock_chain_balances: MockChainBalancesTable;
  mock_chain_nonces: MockChainNoncesTable;
  station: StationTable;
  schema_migrations: SchemaMigrationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type TrackRow = Selectable<TracksTable>;
export type NewTrack = Insertable<TracksTable>;
export type TrackUpdate = Updateable<TracksTable>;
export type StationRow = Selectable<StationTable>;
