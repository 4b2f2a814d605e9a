import { generateKeyPairSync } from 'node:crypto';
import { MockPayer } from '@radio402/payments';
import request from 'supertest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { FacilitatorStandIn } from '../stand-ins/facilitator.stand-in.js';
import { createUser, submitTrack } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Real mode: the HTTP facilitator client against a stand-in speaking the documented format. */
describe('Payments with a real (HTTP) facilitator', () => {
  const facilitator = new FacilitatorStandIn({ basePath: '/platform/v2/x402', slowMs: 3_000 });
  const payTo = privateKeyToAccount(generatePrivateKey()).address;
  const payer = new MockPayer({ privateKey: generatePrivateKey() });
  // A throwaway CDP-style EC key: the service signs a fresh JWT with it for every call.
  const cdpSecret = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    const { url } = await facilitator.start();
    t = await startTestApp({
      ROLE: 'api',
      X402_API_KEY: 'organizations/test/apiKeys/test-key',
      X402_API_SECRET: cdpSecret,
      X402_FACILITATOR_URL: url,
      X402_PAY_TO: payTo,
      X402_FACILITATOR_TIMEOUT_MS: '1000',
    });
    userId = await createUser(t.url);
  });

  afterAll(async () => {
    await t.close();
    await facilitator.stop();
  });

  beforeEach(() => facilitator.reset());

  const challenge = async () => {
    const res = await submitTrack(t.url, userId).expect(402);

    return { trackId: res.body.track_id as string, proof: await payer.createProof(res.body) };
  };
  const confirm = (trackId: string, proof: string) =>
    request(t.url).post('/api/queue/confirm').send({ track_id: trackId, payment_proof: proof });
  const status = async (trackId: string) =>
    (await request(t.url).get(`/api/queue/${trackId}`)).body.track.status;

  it('verifies and settles through the facilitator with CDP auth and marks the track PAID', async () => {
    const { trackId, proof } = await challenge();
    const res = await confirm(trackId, proof).expect(200);

    expect(res.body.track).toMatchObject({
      status: 'PAID',
      payer_address: payer.address.toLowerCase(),
    });
    const calls = facilitator.requests.map((r) => r.path);
    expect(calls).toEqual(['/platform/v2/x402/verify', '/platform/v2/x402/settle']);
    const verify = facilitator.requests[0];
    expect(verify.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(verify.body).toMatchObject({
      x402Version: 2,
      paymentPayload: { accepted: { payTo, amount: '700000' } },
      paymentRequirements: { payTo, amount: '700000', network: 'eip155:84532' },
    });
    await request(t.url).post('/api/x402/mock-proof').send({ track_id: trackId }).expect(404);
  });

  it('answers 402 with the reason when the facilitator says isValid: false', async () => {
    facilitator.setScenario('verify-invalid');
    const { trackId, proof } = await challenge();
    const res = await confirm(trackId, proof).expect(402);

    expect(res.body.reason).toEqual(expect.any(String));
    expect(await status(trackId)).toBe('PENDING_PAYMENT');
  });

  it('never marks a track paid when settle answers success: false', async () => {
    facilitator.setScenario('settle-fail');
    const { trackId, proof } = await challenge();
    await confirm(trackId, proof).expect(402);

    expect(await status(trackId)).toBe('PENDING_PAYMENT');
    facilitator.setScenario('normal');
    await confirm(trackId, proof).expect(200);
    expect(await status(trackId)).toBe('PAID');
  });

  it('answers 503 on facilitator 5xx and keeps the track payable', async () => {
    facilitator.setScenario('http-500');
    const { trackId, proof } = await challenge();
    const res = await confirm(trackId, proof).expect(503);

    expect(res.body.message).toContain('nothing was charged');
    facilitator.setScenario('normal');
    await confirm(trackId, proof).expect(200);
  });

  it('answers 503 when the facilitator times out and keeps the track payable', async () => {
    facilitator.setScenario('slow');
    const { trackId, proof } = await challenge();
    await confirm(trackId, proof).expect(503);

    expect(await status(trackId)).toBe('PENDING_PAYMENT');
  });

  it('answers 502 when the facilitator answers with something unusable', async () => {
    facilitator.setScenario('malformed');
    const { trackId, proof } = await challenge();
    await confirm(trackId, proof).expect(502);

    expect(await status(trackId)).toBe('PENDING_PAYMENT');
  });
});
