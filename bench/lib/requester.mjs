// The request-and-pay flow of one requester: submit (402), mock proof, confirm.
import { now } from './stats.mjs';

export async function createUsers(http, count) {
  const ids = [];
  for (let i = 0; i < count; i += 1) {
    const res = await http.post('/api/users', { display_name: `Bench Requester ${i}` });
    if (res.status !== 201) throw new Error(`POST /api/users answered ${res.status}: ${res.text}`);
    ids.push(res.body.user.id);
  }

  return ids;
}

/** Pays for one track; returns its id, the confirm latency and when the answer arrived. */
export async function payForTrack(http, userId, durationSeconds = 3) {
  const submitted = await http.post('/api/queue/submit', {
    prompt: 'benchmark lofi loop',
    duration_seconds: durationSeconds,
    user_id: userId,
  });
  if (submitted.status !== 402) {
    throw new Error(`submit answered ${submitted.status}: ${submitted.text.slice(0, 200)}`);
  }
  const trackId = submitted.body.track_id;
  const proof = await http.post('/api/x402/mock-proof', { track_id: trackId });
  if (proof.status !== 200) {
    throw new Error(`mock-proof answered ${proof.status}: ${proof.text.slice(0, 200)}`);
  }
  const sentAt = now();
  const confirmed = await http.post('/api/queue/confirm', {
    track_id: trackId,
    payment_proof: proof.body.payment_proof,
  });
  const answeredAt = now();
  if (confirmed.status !== 200) {
    throw new Error(`confirm answered ${confirmed.status}: ${confirmed.text.slice(0, 200)}`);
  }

  return { trackId, confirmMs: answeredAt - sentAt, answeredAt };
}

/** `workers` requesters paying in a loop until `durationMs` is over or `maxTracks` are paid. */
export async function payInLoop(http, users, { durationMs, maxTracks = 100_000, pauseMs = 0 }) {
  const paid = [];
  const errors = [];
  const deadline = Date.now() + durationMs;
  const started = now();
  await Promise.all(
    users.map(async (userId) => {
      while (Date.now() < deadline && paid.length + errors.length < maxTracks) {
        try {
          paid.push(await payForTrack(http, userId));
        } catch (error) {
          errors.push(String(error.message ?? error));
          if (errors.length > 50) return;
        }
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );

  return { paid, errors, elapsedMs: now() - started };
}
