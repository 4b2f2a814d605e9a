import fc from 'fast-check';
import { sql } from 'kysely';
import request from 'supertest';
import { DATABASE, type Db } from '../../apps/api/src/database/database.module.js';
import { createUser, submitTrack } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const RUNS = 60;

/** JSON bodies of every shape: wrong types, unicode, nulls, huge strings, extra fields. */
const anyJson = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue()),
  fc.record(
    {
      display_name: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.jsonValue()),
      prompt: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 600 }), fc.jsonValue()),
      duration_seconds: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      user_id: fc.oneof(fc.uuid(), fc.string(), fc.jsonValue()),
      track_id: fc.oneof(fc.uuid(), fc.string(), fc.jsonValue()),
      payment_proof: fc.oneof(fc.base64String(), fc.string({ unit: 'binary' }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
);

const garbageHeader = fc.oneof(
  fc.base64String({ maxLength: 400 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64')),
);

describe('Bad input never causes a 500 or a write', () => {
  let t: TestApp;
  let db: Db;
  let userId: string;
  let pendingTrack: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN: 'fuzz-admin-token-0123456789' });
    db = t.app.get(DATABASE);
    userId = await createUser(t.url);
    pendingTrack = (await submitTrack(t.url, userId).expect(402)).body.track_id;
  });

  afterAll(() => t.close());

  const rows = async () => {
    const counts = await sql<{ n: string }>`
      select (select count(*) from users) || ':' || (select count(*) from tracks) || ':' ||
             (select count(*) from payment_authorizations) as n`.execute(db);

    return counts.rows[0].n;
  };

  /** Raw fetch: superagent re-parses some JSON strings and cannot send every top-level value. */
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body) ?? 'null',
    });
    await res.arrayBuffer();

    return res;
  };

  const expectClientError = (status: number, allowed: number[] = []) => {
    expect(status).toBeLessThan(500);
    if (!allowed.includes(status)) expect(status).toBeGreaterThanOrEqual(400);
  };

  it('POST /api/users', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const before = await rows();
        const res = await post('/api/users', body);

        expectClientError(res.status, [201]);
        if (res.status !== 201) expect(await rows()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/queue/submit, with and without payment headers', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, fc.option(garbageHeader), async (body, header) => {
        const before = await rows();
        const headers: Record<string, string> = header ? { 'PAYMENT-SIGNATURE': header } : {};
        const res = await post('/api/queue/submit', body, headers);

        expectClientError(res.status);
        expect(await rows()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/queue/submit with a valid body and a broken payment header', async () => {
    await fc.assert(
      fc.asyncProperty(
        garbageHeader.filter((h) => h.trim().length > 0),
        fc.boolean(),
        async (header, v1) => {
          const before = await rows();
          const body = { prompt: 'lofi instrumental', duration_seconds: 60, user_id: userId };
          const res = await post('/api/queue/submit', body, {
            [v1 ? 'X-PAYMENT' : 'PAYMENT-SIGNATURE']: header,
          });

          expect(res.status).toBe(400);
          expect(await rows()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('POST /api/queue/confirm and /api/x402/mock-proof', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, fc.boolean(), async (body, targetRealTrack) => {
        const payload =
          targetRealTrack && typeof body === 'object' && body && !Array.isArray(body)
            ? { ...body, track_id: pendingTrack }
            : body;
        const before = await rows();
        const confirm = await post('/api/queue/confirm', payload);
        const proof = await post('/api/x402/mock-proof', body);

        expectClientError(confirm.status);
        expectClientError(proof.status, [200]);
        expect(await rows()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('path and query parameters', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(text, text, async (a, b) => {
        const paths = [
          `/api/users/${encodeURIComponent(a)}`,
          `/api/users-get?id=${encodeURIComponent(a)}`,
          `/api/queue/quote?duration_seconds=${encodeURIComponent(a)}`,
          `/api/queue/${encodeURIComponent(a)}`,
          `/api/audio/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
        ];
        for (const path of paths) {
          const res = await request(t.url).get(path);
          expectClientError(res.status, [200]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('admin routes with any token', async () => {
    await fc.assert(
      fc.asyncProperty(garbageHeader, async (token) => {
        const res = await request(t.url)
          .post('/api/admin/station/advance')
          .set('Authorization', `Bearer ${token}`);

        expect(res.status).toBe(401);
      }),
      { numRuns: 15 },
    );
  });
});
