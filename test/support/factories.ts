import request from 'supertest';

/** Test data through the public API, the way a client creates it. */
export async function createUser(url: string, name = 'Test User'): Promise<string> {
  const res = await request(url).post('/api/users').send({ display_name: name }).expect(201);

  return res.body.user.id;
}

export function submitTrack(
  url: string,
  userId: string,
  overrides: Partial<{ prompt: string; duration_seconds: number }> = {},
) {
  return request(url)
    .post('/api/queue/submit')
    .send({ prompt: 'lofi instrumental', duration_seconds: 60, user_id: userId, ...overrides });
}

export async function mockProof(url: string, trackId: string): Promise<string> {
  const res = await request(url)
    .post('/api/x402/mock-proof')
    .send({ track_id: trackId })
    .expect(200);

  return res.body.payment_proof;
}

export async function payForTrack(url: string, userId: string, duration = 60) {
  const submitted = await submitTrack(url, userId, { duration_seconds: duration }).expect(402);
  const trackId: string = submitted.body.track_id;
  const proof = await mockProof(url, trackId);
  const confirmed = await request(url)
    .post('/api/queue/confirm')
    .send({ track_id: trackId, payment_proof: proof })
    .expect(200);

  return { trackId, proof, track: confirmed.body.track };
}

export const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
export const decodeJson = (base64: string) => JSON.parse(Buffer.from(base64, 'base64').toString());
