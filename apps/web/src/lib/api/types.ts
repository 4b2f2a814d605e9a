// The server's shapes come from its OpenAPI document (schema.d.ts, `npm run api:generate`);
// only what the document cannot describe (event stream payloads, client results) is written here.
import type { components } from './schema';

type Schemas = components['schemas'];

export type IsoTime = string;

export type User = Schemas['UserDto'];
export type Track = Schemas['TrackDto'];
export type TrackStatus = Track['status'];
export type StationConfig = Schemas['ClientConfigDto'];
export type X402Info = StationConfig['x402'];
export type Quote = Schemas['QuoteDto'];
export type SubmitRequest = Schemas['SubmitTrackDto'];

/** The 402 body of `POST /api/queue/submit`: the x402 challenge plus the pending track. */
export type PaymentChallenge = Schemas['PaymentChallengeDto'];
export type PaymentRequirements = PaymentChallenge['accepts'][number];

export type NowPlaying = Schemas['NowPlayingDto'];
export type Station = Schemas['StationSnapshotDto'];

export type SubmitResult =
  { kind: 'payment_required'; challenge: PaymentChallenge } | { kind: 'queued'; track: Track };

interface EventBase {
  seq: number;
  server_time: IsoTime;
}

/** `snapshot` and `station_update` events of `GET /api/events`. */
export interface SnapshotEvent extends EventBase {
  snapshot: Station;
}

export interface QueueUpdateEvent extends EventBase {
  track: Track;
  snapshot: Station;
}

export type StationEventName = 'snapshot' | 'queue_update' | 'station_update';

export type AdminStats = Schemas['AdminStatsDto'];

/** Every error answer of the api. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}
