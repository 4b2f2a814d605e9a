import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Embedded PGlite database (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'radio402-pglite-'));
  let t: TestApp;

  afterEach(() => t?.close());

  it('migrates, serves users and keeps them across a restart', async () => {
    t = await startTestApp({ DATABASE_URL: '', DATA_DIR: dataDir });
    await request(t.url).get('/api/health').expect(200);
    const created = await request(t.url).post('/api/users').send({ display_name: 'Embedded' });
    expect(created.status).toBe(201);
    await t.close();

    t = await startTestApp({ DATABASE_URL: '', DATA_DIR: dataDir });
    const res = await request(t.url).get(`/api/users/${created.body.user.id}`).expect(200);

    expect(res.body.user.display_name).toBe('Embedded');
  });
});
