import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** Where Redis is, and the child process we started for it, if any. */
export interface RedisEndpoint {
  url: string;
  child?: ChildProcess;
}

/**
 * REDIS_URL when given; else a Redis already answering on 127.0.0.1:6379; else a private
 * `redis-server` child under DATA_DIR when one is on PATH; else a clear instruction.
 */
export async function resolveRedisEndpoint(url: string | undefined, dataDir: string) {
  const logger = new Logger('Redis');
  if (url) return { url } satisfies RedisEndpoint;

  if (await answersPing('127.0.0.1', 6379)) {
    logger.log('Using local Redis at 127.0.0.1:6379');

    return { url: DEFAULT_URL } satisfies RedisEndpoint;
  }

  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new RedisUnavailableError(
      'Redis is required: no REDIS_URL is set, nothing answers on 127.0.0.1:6379 and ' +
        'redis-server ' +
        'is not on PATH. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew ' +
        'install redis) or set REDIS_URL=redis://host:6379.',
    );
  }

  const port = await freePort();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'],
    { stdio: 'ignore' },
  );
  child.unref();

  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await answersPing('127.0.0.1', port)) {
      logger.log({ msg: 'Started a local redis-server', port, dir });

      return { url: `redis://127.0.0.1:${port}`, child } satisfies RedisEndpoint;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();

  throw new RedisUnavailableError(`The local redis-server on port ${port} did not start`);
}

function answersPing(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
