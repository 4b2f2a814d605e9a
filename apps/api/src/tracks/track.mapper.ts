import type { TrackDto } from './track.dto.js';
import type { TrackWithRequester } from './tracks.repository.js';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toTrackDto(track: TrackWithRequester): TrackDto {
  return {
    id: track.id,
    user_id: track.user_id,
    requester: track.requester,
    prompt: track.prompt,
    duration_seconds: track.duration_seconds,
    status: track.status,
    price_usd: track.price_usd,
    amount: String(track.price_amount),
    audio_url: track.audio_url,
    content_type: track.content_type,
    audio_duration_ms: track.audio_duration_ms,
    error_code: track.error_code,
    error_message: track.error_message,
    payer_address: track.payer_address,
    payment_transaction: track.payment_transaction,
    expires_at: track.status === 'PENDING_PAYMENT' ? iso(track.x402_challenge_expires_at) : null,
    created_at: track.created_at.toISOString(),
    paid_at: iso(track.paid_at),
    started_at: iso(track.started_at),
    finished_at: iso(track.finished_at),
    played_at: iso(track.played_at),
  };
}
