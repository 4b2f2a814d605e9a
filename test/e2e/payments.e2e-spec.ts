import { x402Client, wrapFetchWithPayment, decodePaymentResponseHeader } from '@x402/fetch';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { MockPayer } from '@radio402/payments';
import { sql } from 'kysely';
import request from 'supertest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { DATABASE, type Db } from '../../apps/api/src/database/database.module.js';
import { GenerationQueue } from '../../apps/api/src/generation/generation.queue.js';
import {
  createUser,
  decodeJson,
  encodeJson,
  mockProof,
  payForTrack,
  submitTrack,
} from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Payments (mock facilitator, real x402 verification)', () => {
  let t: TestApp;
  let db: Db;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
    db = t.app.get(DATABASE);
    userId = await createUser(t.url);
  });

  afterAll(() => t.close());

  const auditEvents = async (trackId: string) =>
    (
      await db
        .selectFrom('payment_audit')
        .select('event_type')
        .where('track_id', '=', trackId)
        .orderBy('id')
        .execute()
    ).map((row) => row.event_type);
  const countRows = async (table: 'tracks' | 'payment_authorizations' | 'mock_chain_nonces') =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db))
        .rows[0].n,
    );

  describe('quote and challenge', () => {
    it('quotes in atomic USDC and asks exactly that in the 402', async () => {
      const quote = await request(t.url).get('/api/queue/quote?duration_seconds=60').expect(200);
      expect(quote.body).toEqual({
        duration_seconds: 60,
        price_usd: '0.70',
        amount: '700000',
        asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
        network: 'eip155:84532',
      });

      const res = await submitTrack(t.url, userId)
        .set('Origin', 'http://localhost:5173')
        .expect(402);
      const header = decodeJson(res.headers['payment-required']);

      expect(res.headers['access-control-expose-headers']).toContain('PAYMENT-REQUIRED');
      expect(res.body).toMatchObject({
        x402Version: 2,
        track_id: expect.any(String),
        price_usd: '0.70',
        resource: { url: expect.stringContaining('/api/queue/submit') },
      });
      expect(res.body.accepts).toEqual([
        {
          scheme: 'exact',
          network: 'eip155:84532',
          amount: '700000',
          asset: quote.body.asset,
          payTo: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/),
          maxTimeoutSeconds: 300,
          extra: { name: 'USDC', version: '2' },
        },
      ]);
      expect(header.accepts).toEqual(res.body.accepts);
      const track = await db
        .selectFrom('tracks')
        .selectAll()
        .where('id', '=', res.body.track_id)
        .executeTakeFirstOrThrow();
      expect(track.status).toBe('PENDING_PAYMENT');
      expect(track.x402_challenge_amount).toBe('700000');
      expect(track.x402_challenge_expires_at!.getTime()).toBeGreaterThan(Date.now());
      expect(await auditEvents(track.id)).toEqual(['challenge_issued']);
    });

    it.each([
      [{ prompt: 'hi' }, 'prompt must be 3-500 characters'],
      [{ prompt: 'x'.repeat(501) }, 'prompt must be 3-500 characters'],
      [{ duration_seconds: 45 }, 'duration_seconds must be one of 30, 60, 90, 120, 180'],
      [{ duration_seconds: '60' }, 'duration_seconds must be a whole number'],
      [{ user_id: 'nope' }, 'user_id must be a UUID'],
      [{ user_id: '00000000-0000-4000-8000-000000000000' }, 'does not match any user'],
      [{ extra: 1 }, 'extra is not an accepted field'],
    ])('validates %j before asking for money', async (patch, message) => {
      const before = await countRows('tracks');
      const res = await request(t.url)
        .post('/api/queue/submit')
        .send({ prompt: 'lofi instrumental', duration_seconds: 60, user_id: userId, ...patch })
        .expect(400);

      expect(res.body.message).toContain(message);
      expect(await countRows('tracks')).toBe(before);
    });
  });

  describe('POST /api/queue/confirm', () => {
    it('runs the runbook sequence to PAID with the audit trail and one job', async () => {
      const { trackId, track } = await payForTrack(t.url, userId);

      expect(track).toMatchObject({ id: trackId, status: 'PAID', requester: 'Test User' });
      expect(track.payment_transaction).toMatch(/^0xfa4efa4efa4efa4e[0-9a-f]{48}$/);
      expect(await auditEvents(trackId)).toEqual([
        'challenge_issued',
        'proof_generated',
        'verify_ok',
        'settle_ok',
      ]);
      expect(await t.app.get(GenerationQueue).hasJob(trackId)).toBe(true);
    });

    it('answers the same proof again with the same track and no second settlement', async () => {
      const { trackId, proof, track } = await payForTrack(t.url, userId);
      const nonces = await countRows('mock_chain_nonces');

      const again = await request(t.url)
        .post('/api/queue/confirm')
        .send({ track_id: trackId, payment_proof: proof })
        .expect(200);

      expect(again.body.track).toEqual(track);
      expect(await countRows('mock_chain_nonces')).toBe(nonces);
      expect((await auditEvents(trackId)).filter((e) => e === 'settle_ok')).toHaveLength(1);
    });

    it('refuses a proof that already paid for another track with 409', async () => {
      const { proof } = await payForTrack(t.url, userId);
      const other = (await submitTrack(t.url, userId).expect(402)).body.track_id;

      const res = await request(t.url)
        .post('/api/queue/confirm')
        .send({ track_id: other, payment_proof: proof })
        .expect(409);

      expect(res.body.message).toContain('already paid for another track');
      expect(await auditEvents(other)).toContain('replay_rejected');
    });

    it('gives exactly one PAID, one settlement and one job for 50 concurrent confirms', async () => {
      const trackId = (await submitTrack(t.url, userId).expect(402)).body.track_id;
      const proof = await mockProof(t.url, trackId);

      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          request(t.url)
            .post('/api/queue/confirm')
            .send({ track_id: trackId, payment_proof: proof }),
        ),
      );

      expect(answers.map((res) => res.status)).toEqual(Array(50).fill(200));
      expect(new Set(answers.map((res) => res.body.track.payment_transaction)).size).toBe(1);
      const events = await auditEvents(trackId);
      expect(events.filter((event) => event === 'settle_ok')).toHaveLength(1);
      const { payer_address, payment_nonce } = await db
        .selectFrom('tracks')
        .select(['payer_address', 'payment_nonce'])
        .where('id', '=', trackId)
        .executeTakeFirstOrThrow();
      const settled = await db
        .selectFrom('mock_chain_nonces')
        .selectAll()
        .where('payer', '=', payer_address!.toLowerCase())
        .where('nonce', '=', payment_nonce!)
        .execute();
      expect(settled).toHaveLength(1);
      const job = await t.app.get(GenerationQueue).raw.getJob(trackId);
      expect(job?.data).toEqual({ track_id: trackId });
    });

    describe('refused proofs answer 402 with the reason and change nothing', () => {
      const confirmWith = (trackId: string, proof: string) =>
        request(t.url).post('/api/queue/confirm').send({ track_id: trackId, payment_proof: proof });

      const pendingTrack = async () => {
        const res = await submitTrack(t.url, userId).expect(402);

        return { trackId: res.body.track_id as string, required: res.body };
      };

      const signWith = async (
        required: Record<string, unknown>,
        patch: Record<string, unknown>,
      ) => {
        const payer = new MockPayer({ privateKey: generatePrivateKey(), spendControls: false });
        const accepts = [{ ...(required.accepts as Record<string, unknown>[])[0], ...patch }];

        return payer.createProof({ ...required, accepts } as never);
      };

      const expectUnchanged = async (trackId: string) => {
        const track = await request(t.url).get(`/api/queue/${trackId}`).expect(200);
        expect(track.body.track.status).toBe('PENDING_PAYMENT');
        expect(await auditEvents(trackId)).toContain('verify_failed');
      };

      it('a tampered amount (bad signature)', async () => {
        const { trackId } = await pendingTrack();
        const payload = decodeJson(await mockProof(t.url, trackId));
        payload.payload.authorization.value = '1';
        payload.accepted.amount = '700000';
        const res = await confirmWith(trackId, encodeJson(payload)).expect(402);

        expect(res.body.reason).toBe('invalid_exact_evm_signature');
        await expectUnchanged(trackId);
      });

      it('a cheaper amount', async () => {
        const { trackId, required } = await pendingTrack();
        const res = await confirmWith(trackId, await signWith(required, { amount: '1' })).expect(
          402,
        );

        expect(res.body.message).toContain('different amount');
        await expectUnchanged(trackId);
      });

      it('another payee', async () => {
        const { trackId, required } = await pendingTrack();
        const payTo = privateKeyToAccount(generatePrivateKey()).address;
        const res = await confirmWith(trackId, await signWith(required, { payTo })).expect(402);

        expect(res.body.message).toContain('different payTo');
        await expectUnchanged(trackId);
      });

      it('another asset', async () => {
        const { trackId, required } = await pendingTrack();
        const asset = privateKeyToAccount(generatePrivateKey()).address;
        const res = await confirmWith(trackId, await signWith(required, { asset })).expect(402);

        expect(res.body.message).toContain('different asset');
        await expectUnchanged(trackId);
      });

      it('another network', async () => {
        const { trackId, required } = await pendingTrack();
        const res = await confirmWith(
          trackId,
          await signWith(required, { network: 'eip155:8453' }),
        ).expect(402);

        expect(res.body.message).toContain('different network');
        await expectUnchanged(trackId);
      });

      it('an expired authorization', async () => {
        const { trackId, required } = await pendingTrack();
        const res = await confirmWith(
          trackId,
          await signWith(required, { maxTimeoutSeconds: 1 }),
        ).expect(402);

        expect(res.body.reason).toBe('invalid_exact_evm_payload_authorization_valid_before');
        expect(res.body.message).toBe('The payment authorization has expired');
        await expectUnchanged(trackId);
      });
    });

    it('answers 410 and marks the track EXPIRED when the challenge has expired', async () => {
      const trackId = (await submitTrack(t.url, userId).expect(402)).body.track_id;
      const proof = await mockProof(t.url, trackId);
      await db
        .updateTable('tracks')
        .set({ x402_challenge_expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', trackId)
        .execute();

      const res = await request(t.url)
        .post('/api/queue/confirm')
        .send({ track_id: trackId, payment_proof: proof })
        .expect(410);

      expect(res.body.message).toContain('has expired');
      const track = await request(t.url).get(`/api/queue/${trackId}`).expect(200);
      expect(track.body.track.status).toBe('EXPIRED');
    });

    it.each([
      [
        'an unknown track',
        { track_id: '00000000-0000-4000-8000-000000000000' },
        404,
        'does not exist',
      ],
      ['malformed base64', { payment_proof: '%%%not-base64%%%' }, 400, 'Payment proof'],
      [
        'base64 that is not JSON',
        { payment_proof: Buffer.from('nope').toString('base64') },
        400,
        'Payment proof',
      ],
      [
        'JSON that is not a payload',
        { payment_proof: encodeJson({ x402Version: 2 }) },
        400,
        'Payment proof',
      ],
      ['a missing proof', { payment_proof: undefined }, 400, 'payment_proof is required'],
    ])('answers %s', async (_label, patch, status, message) => {
      const trackId = (await submitTrack(t.url, userId).expect(402)).body.track_id;
      const proof = await mockProof(t.url, trackId);

      const res = await request(t.url)
        .post('/api/queue/confirm')
        .send({ track_id: trackId, payment_proof: proof, ...patch })
        .expect(status);

      expect(res.body.message).toContain(message);
    });
  });

  describe('POST /api/x402/mock-proof', () => {
    it('answers 404 for an unknown track and 409 once the track is paid', async () => {
      await request(t.url)
        .post('/api/x402/mock-proof')
        .send({ track_id: '00000000-0000-4000-8000-000000000000' })
        .expect(404);
      const { trackId } = await payForTrack(t.url, userId);

      const res = await request(t.url)
        .post('/api/x402/mock-proof')
        .send({ track_id: trackId })
        .expect(409);
      expect(res.body.message).toContain('is PAID, not PENDING_PAYMENT');
    });
  });

  it('lets an unmodified official x402 client pay the submit endpoint in one go', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const client = new x402Client().register('eip155:*', new ExactEvmScheme(account));
    const payingFetch = wrapFetchWithPayment(fetch, client);

    const res = await payingFetch(`${t.url}/api/queue/submit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: 'agent jazz', duration_seconds: 30, user_id: userId }),
    });
    const body = await res.json();

    expect(res.status).toBe(202);
    expect(body.track).toMatchObject({
      status: 'PAID',
      payer_address: account.address.toLowerCase(),
    });
    const settlement = decodePaymentResponseHeader(res.headers.get('payment-response')!);
    expect(settlement).toMatchObject({
      success: true,
      transaction: body.track.payment_transaction,
    });
  });
});

describe('Payments disabled (ENABLE_X402=false)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api', ENABLE_X402: 'false' });
  });

  afterAll(() => t.close());

  it('accepts the track as PAID at once and enqueues its job', async () => {
    const userId = await createUser(t.url);
    const res = await submitTrack(t.url, userId).expect(201);

    expect(res.body.track.status).toBe('PAID');
    expect(await t.app.get(GenerationQueue).hasJob(res.body.track.id)).toBe(true);
    await request(t.url)
      .post('/api/x402/mock-proof')
      .send({ track_id: res.body.track.id })
      .expect(404);
  });
});
