import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for.js';

export interface LogLine {
  msg?: string;
  track_id?: string;
  [field: string]: unknown;
}

/**
 * The compiled service (`dist/`, built by the e2e global setup) in its own process, exactly as
 * an operator runs it, with its JSON log lines collected for assertions.
 */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(private readonly env: Record<string, string>) {}

  start(): this {
    this.child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'radio402-proc-')),
        LOG_LEVEL: 'info',
        RATE_LIMIT_PER_MINUTE: '1000000',
        ADMIN_RATE_LIMIT_PER_MINUTE: '1000000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // Not a log line (e.g. a Node warning); ignore it.
        }
      }
    });
    this.child.stderr!.on('data', () => undefined);
    this.exited = new Promise((resolve) => this.child!.once('exit', (code) => resolve(code)));

    return this;
  }

  count(msg: string, trackId?: string): number {
    return this.logs.filter((l) => l.msg === msg && (!trackId || l.track_id === trackId)).length;
  }

  async waitForLog(msg: string, trackId?: string, timeoutMs = 20_000): Promise<void> {
    await waitFor(() => this.count(msg, trackId) > 0, { timeoutMs, what: `log "${msg}"` });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.child?.kill(signal);

    return this.exited ?? Promise.resolve(null);
  }
}
