import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import pg from 'pg';
import request from 'supertest';
import { ServiceProcess } from '../support/service-process.js';
import { testDatabaseUrl } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

export const READY_OR_LATER = ['READY', 'PLAYING', 'PLAYED'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A compiled service process that answers HTTP, with the URL it listens on. */
export interface ApiProcess {
  process: ServiceProcess;
  url: string;
}

/** Starts the compiled service as ROLE=api (or the given role) and waits until it answers. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const process = new ServiceProcess({
    ROLE: 'api',
    HOST: '127.0.0.1',
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  }).start();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      try {
        await request(url).get('/api/health').timeout(2_000);

        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `the api on port ${port}` },
  );

  return { process, url };
}

/** Starts a ROLE=worker process and waits until its generation worker runs. */
export async function startWorker(env: Record<string, string>): Promise<ServiceProcess> {
  const worker = new ServiceProcess({ ROLE: 'worker', ...env }).start();
  await worker.waitForLog('radio402 worker has started', undefined, 30_000);

  return worker;
}

export async function healthStatus(url: string): Promise<number> {
  return (await request(url).get('/api/health').timeout(5_000)).status;
}

/** A client on the run's database, for reading what the service wrote. */
export async function connectDb(url = testDatabaseUrl()): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();

  return client;
}

export interface SettlementCounts {
  settleOk: number;
  authorizations: number;
  chainNonces: number;
}

/** How many times a track's payment was settled, claimed and spent on the mock chain. */
export async function settlementCounts(db: pg.Client, trackId: string): Promise<SettlementCounts> {
  const { rows } = await db.query(
    `select
       (select count(*) from payment_audit where track_id = $1 and event_type = 'settle_ok')::int
         as settle_ok,
       (select count(*) from payment_authorizations where track_id = $1)::int as authorizations,
       (select count(*) from mock_chain_nonces n join tracks t
          on n.payer = t.payer_address and n.nonce = t.payment_nonce where t.id = $1)::int
         as chain_nonces`,
    [trackId],
  );

  return {
    settleOk: rows[0].settle_ok,
    authorizations: rows[0].authorizations,
    chainNonces: rows[0].chain_nonces,
  };
}

/** How many of these processes logged `msg` for the track, in all. */
export function countLogs(processes: ServiceProcess[], msg: string, trackId: string): number {
  return processes.reduce((sum, process) => sum + process.count(msg, trackId), 0);
}

/** A private, empty redis-server (no persistence) that a test can kill and restart. */
export class PrivateRedis {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(() => answersPing(this.port), {
      timeoutMs: 10_000,
      what: `redis-server on ${this.port}`,
    });

    return this;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
