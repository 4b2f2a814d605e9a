import request from 'supertest';
import { createUser, payForTrack } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Rate limits, security headers and metrics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5', ALLOWED_DURATIONS: '3,30,60' });
  });

  afterAll(() => t.close());

  it('answers 429 with Retry-After once a client passes the per-minute limit', async () => {
    const answers = [];
    for (let i = 0; i < 7; i += 1) {
      answers.push(
        await request(t.url)
          .post('/api/users')
          .send({ display_name: `User ${i}` }),
      );
    }

    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const limited = answers[5];
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringContaining('try again in'),
    });
  });

  it('keeps separate budgets per route and never limits reads', async () => {
    const reads = await Promise.all(
      Array.from({ length: 20 }, () => request(t.url).get('/api/queue/quote?duration_seconds=60')),
    );

    expect(reads.every((res) => res.status === 200)).toBe(true);
  });

  it('stops admin token guessing with 429 after the admin budget is spent', async () => {
    const admin = await startTestApp({
      ADMIN_TOKEN: 'the-real-admin-token-0123',
      ADMIN_RATE_LIMIT_PER_MINUTE: '3',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await request(admin.url)
          .get('/api/admin/stats')
          .set('Authorization', `Bearer guess-${i}-xxxxxxxxxxxx`);
        statuses.push(res.status);
      }
      const correct = await request(admin.url)
        .get('/api/admin/stats')
        .set('Authorization', 'Bearer the-real-admin-token-0123');

      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(correct.status).toBe(429);
      expect(Number(correct.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await admin.close();
    }
  });

  it('sends security headers', async () => {
    const res = await request(t.url).get('/api/health');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const allowed = await request(t.url)
      .options('/api/queue/submit')
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'payment-signature,content-type');
    const denied = await request(t.url)
      .options('/api/queue/submit')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');

    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(allowed.headers['access-control-allow-headers']).toContain('PAYMENT-SIGNATURE');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('exposes Prometheus metrics for requests, tracks and the queue', async () => {
    const other = await startTestApp({ ALLOWED_DURATIONS: '3' });
    try {
      const userId = await createUser(other.url);
      await payForTrack(other.url, userId, 3);
      const res = await request(other.url).get('/metrics').expect(200);

      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.text).toMatch(
        /radio402_http_request_duration_seconds_bucket\{.*route="\/api\/users"/,
      );
      expect(res.text).toMatch(/radio402_tracks\{status="(PAID|GENERATING|READY|PLAYING)"\} [1-9]/);
      expect(res.text).toMatch(/radio402_queue_jobs\{state="waiting"\} \d+/);
      expect(res.text).toContain('radio402_generation_seconds{quantile="0.99"}');
      expect(res.text).toMatch(/radio402_sse_clients \d+/);
      expect(res.text).toMatch(/radio402_station_leader [01]/);
    } finally {
      await other.close();
    }
  });
});
