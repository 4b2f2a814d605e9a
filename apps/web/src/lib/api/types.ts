// Hand-written from the API contract; the generated OpenAPI types will replace this file.

export type IsoTime = string;

export type TrackStatus =
  'PENDING_PAYMENT' | 'PAID' | 'GENERATING' | 'READY' | 'PLAYING' | 'PLAYED' | 'FAILED' | 'EXPIRED';

export interface User {
  id: string;
  display_name: string;
  created_at: IsoTime;
}

export interface Track {
  id: string;
  user_id: string;
  requester: string;
  prompt: string;
  duration_seconds: number;
  status: TrackStatus;
  price_usd: string;
  amount: string;
  audio_url: string | null;
  content_type: string | null;
  error_code: string | null;
  error_message: string | null;
  payer_address: string | null;
  payment_transaction: string | null;
  created_at: IsoTime;
  paid_at: IsoTime | null;
  started_at: IsoTime | null;
  finished_at: IsoTime | null;
  played_at: IsoTime | null;
  expected_start_at?: IsoTime | null;
}

export interface X402Info {
  enabled: boolean;
  mode: 'mock' | 'real';
  network: string;
  network_name: string;
  asset: string;
  asset_symbol: 'USDC';
}

export interface StationConfig {
  station_name: string;
  durations: number[];
  x402: X402Info;
}

export interface Quote {
  duration_seconds: number;
  price_usd: string;
  amount: string;
  asset: string;
  network: string;
}

export interface PaymentRequirements {
  scheme: 'exact';
  network: string;
  amount: string;
  asset: string;
  payTo: string;
  maxTimeoutSeconds: number;
  extra: { name: string; version: string } & Record<string, unknown>;
}

export interface PaymentRequired {
  x402Version: 2;
  error?: string;
  resource: { url: string; description?: string; mimeType?: string };
  accepts: PaymentRequirements[];
  extensions?: Record<string, unknown>;
}

/** The 402 body of `POST /api/queue/submit`: the x402 challenge plus the pending track. */
export interface PaymentChallenge extends PaymentRequired {
  track_id: string;
  expires_at: IsoTime;
  price_usd: string;
}

export interface SubmitRequest {
  prompt: string;
  duration_seconds: number;
  user_id: string;
}

export type SubmitResult =
  { kind: 'payment_required'; challenge: PaymentChallenge } | { kind: 'queued'; track: Track };

export interface NowPlaying {
  track: Track;
  requester: string;
  prompt: string;
  started_at: IsoTime;
  ends_at: IsoTime;
  duration_ms: number;
  audio_url: string;
}

export interface Station {
  seq: number;
  server_time: IsoTime;
  station: { name: string; paused: boolean };
  now_playing: NowPlaying | null;
  up_next: Track[];
  generating: Track[];
  history: Track[];
  listeners: number;
}

interface EventBase {
  seq: number;
  server_time: IsoTime;
}

export interface SnapshotEvent extends EventBase {
  snapshot: Station;
}

export interface QueueUpdateEvent extends EventBase {
  track: Track;
  snapshot: Station;
}

export type StationEventName = 'snapshot' | 'queue_update' | 'station_update';

export interface AdminStats {
  tracks_by_status: Partial<Record<TrackStatus, number>>;
  payment_events: Record<string, number>;
  avg_generation_seconds: number | null;
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}
