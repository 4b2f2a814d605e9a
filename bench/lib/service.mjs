// Child processes for the benchmarks: the compiled service and the bare baselines, each started
// through bash so its open-file limit can be raised for thousands of sockets.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const OPEN_FILES = 65536;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `ulimit -n` as high as the container lets us (the hard limit may be below 65536). */
export function raiseLimitCommand(command) {
  return `ulimit -n ${OPEN_FILES} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec ${command}`;
}

const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;

/** A node script in its own process; stdout and stderr go to a log file read on demand. */
export class NodeProcess {
  constructor(name, script, { args = [], env = {}, nodeArgs = [], ipc = false } = {}) {
    this.name = name;
    this.dir = mkdtempSync(join(tmpdir(), `radio402-bench-${name}-`));
    this.logFile = join(this.dir, 'out.log');
    const fd = openSync(this.logFile, 'a');
    const argv = [process.execPath, ...nodeArgs, script, ...args].map(quote).join(' ');
    this.child = spawn('bash', ['-c', raiseLimitCommand(argv)], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', fd, fd, ...(ipc ? ['ipc'] : [])],
    });
    closeSync(fd);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    this.exitCode = undefined;
    void this.exited.then((code) => (this.exitCode = code));
  }

  get pid() {
    return this.child.pid;
  }

  /** Resident set size in bytes, from /proc (bash exec'd into node, so the pid is node's). */
  rss() {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);

    return kb * 1024;
  }

  output() {
    return readFileSync(this.logFile, 'utf8');
  }

  /** The JSON log lines written so far. */
  logs() {
    const lines = [];
    for (const line of this.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line));
      } catch {
        // A line cut by a kill; skip it.
      }
    }

    return lines;
  }

  async waitForOutput(text, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.output().includes(text)) return;
      if (this.exitCode !== undefined) break;
      await sleep(100);
    }
    const how = this.exitCode === undefined ? `within ${timeoutMs} ms` : `(exit ${this.exitCode})`;
    throw new Error(`${this.name}: no "${text}" ${how}:\n${this.tail()}`);
  }

  tail(lines = 20) {
    return this.output().split('\n').slice(-lines).join('\n');
  }

  async stop(signal = 'SIGTERM', graceMs = 10_000) {
    if (this.exitCode !== undefined) return this.exitCode;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);

    return code;
  }
}

/** The compiled radio402 service with one role, on a free port. */
export class ServiceProcess extends NodeProcess {
  static async start(main, name, env, { nodeArgs = [] } = {}) {
    const port = await freePort();
    const service = new ServiceProcess(name, main, {
      nodeArgs,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        MOCK_GENERATION_DELAY_MS: '0',
        WEB_DIST_DIR: join(tmpdir(), 'radio402-bench-no-web'),
        ...env,
        DATA_DIR: env.DATA_DIR ?? mkdtempSync(join(tmpdir(), `radio402-bench-${name}-data-`)),
      },
    });
    service.url = `http://127.0.0.1:${port}`;
    service.port = port;
    const ready = env.ROLE === 'worker' ? 'radio402 worker has started' : 'radio402 is listening';
    await service.waitForOutput(ready, 60_000);

    return service;
  }
}
