import request from 'supertest';
import { sql } from 'kysely';
import { DATABASE, type Db } from '../../apps/api/src/database/database.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Users API', () => {
  let t: TestApp;
  let db: Db;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DATABASE);
  });

  afterAll(() => t.close());

  const countUsers = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from users`.execute(db)).rows[0].n);

  describe('POST /api/users', () => {
    it('creates a user with a trimmed display name', async () => {
      const res = await request(t.url)
        .post('/api/users')
        .send({ display_name: '  Test User  ' })
        .expect(201);

      expect(res.body.user).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        display_name: 'Test User',
        created_at: expect.any(String),
      });
    });

    it.each([
      ['a missing name', {}, 'display_name is required'],
      ['an empty name', { display_name: '   ' }, 'display_name must be 1-40 characters'],
      ['a too long name', { display_name: 'x'.repeat(41) }, 'display_name must be 1-40 characters'],
      ['a number', { display_name: 42 }, 'display_name must be a string'],
      ['null', { display_name: null }, 'display_name is required'],
      ['an extra field', { display_name: 'Ok', admin: true }, 'admin is not an accepted field'],
    ])(
      'rejects %s with a 400 naming the field and writes nothing',
      async (_label, body, message) => {
        const before = await countUsers();
        const res = await request(t.url).post('/api/users').send(body).expect(400);

        expect(res.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: expect.stringContaining(message),
        });
        expect(await countUsers()).toBe(before);
      },
    );

    it('rejects a body that is not JSON', async () => {
      const res = await request(t.url)
        .post('/api/users')
        .set('Content-Type', 'application/json')
        .send('{"display_name":')
        .expect(400);

      expect(res.body.message).toMatch(/JSON/);
    });

    it('rejects a body larger than the limit with 413', async () => {
      await request(t.url)
        .post('/api/users')
        .send({ display_name: 'x'.repeat(200_000) })
        .expect(413);
    });
  });

  describe('GET /api/users/:id and /api/users-get', () => {
    it('reads a user back by both routes', async () => {
      const created = await request(t.url).post('/api/users').send({ display_name: 'Reader' });
      const id = created.body.user.id;

      const byPath = await request(t.url).get(`/api/users/${id}`).expect(200);
      const byQuery = await request(t.url).get('/api/users-get').query({ id }).expect(200);

      expect(byPath.body).toEqual(created.body);
      expect(byQuery.body).toEqual(created.body);
    });

    it('answers 404 for an unknown id', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const res = await request(t.url).get(`/api/users/${id}`).expect(404);

      expect(res.body.message).toBe(`User ${id} does not exist`);
      await request(t.url).get('/api/users-get').query({ id }).expect(404);
    });

    it('answers 400 for a malformed id', async () => {
      const res = await request(t.url).get('/api/users/not-a-uuid').expect(400);

      expect(res.body.message).toBe('id must be a UUID');
      await request(t.url).get('/api/users-get').query({ id: '123' }).expect(400);
      await request(t.url).get('/api/users-get').expect(400);
    });
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.url).get('/api/docs-json').expect(200);

    expect(res.body.paths['/api/users']).toBeDefined();
    expect(res.headers['x-request-id']).toBeDefined();
  });
});
