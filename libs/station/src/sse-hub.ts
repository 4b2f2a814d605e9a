import type { OutgoingHttpHeaders } from 'node:http';

export interface SseEvent {
  id?: string | number;
  event?: string;
  /** Strings are sent as they are; anything else as JSON. */
  data: unknown;
}

/** The parts of `http.ServerResponse` (Fastify: `reply.raw` after `reply.hijack()`) in use. */
export interface SseResponse {
  readonly headersSent: boolean;
  readonly writableLength: number;
  writeHead(statusCode: number, headers: OutgoingHttpHeaders): unknown;
  flushHeaders(): void;
  write(chunk: Buffer): boolean;
  end(): unknown;
  destroy(): unknown;
  once(event: 'close', listener: () => void): unknown;
}

export interface SseHubOptions {
  /** The event every new client gets first; give it the seq of the state it shows as its id. */
  snapshot: () => SseEvent | Promise<SseEvent>;
  heartbeatMs?: number;
  /** A client with more than this many bytes unsent is dropped; it reconnects and resyncs. */
  maxBufferedBytes?: number;
  /** How many recent events a reconnect with Last-Event-ID can catch up on. */
  replaySize?: number;
  /** Sent as the `retry:` field, the browser's reconnect delay. */
  retryMs?: number;
}

export interface AddClientOptions {
  lastEventId?: string;
  /** Set when the caller already wrote the status line and headers. */
  headersSent?: boolean;
}

export const SSE_HEADERS: OutgoingHttpHeaders = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

const PING = Buffer.from(': ping\n\n');

interface Client {
  readonly res: SseResponse;
  // False while the snapshot loads: broadcasts skip the client and it catches up from the ring.
  live: boolean;
}

interface BufferedEvent {
  readonly id: string | undefined;
  readonly chunk: Buffer;
}

export function serializeSseEvent(event: SseEvent): string {
  let out = '';

  if (event.id !== undefined) {
    out += `id: ${singleLine(String(event.id), 'id')}\n`;
  }

  if (event.event !== undefined) {
    out += `event: ${singleLine(event.event, 'event')}\n`;
  }

  const text = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);

  for (const line of text.split(/\r\n|\r|\n/)) {
    out += `data: ${line}\n`;
  }

  return `${out}\n`;
}

function singleLine(value: string, field: string): string {
  if (/[\r\n\0]/.test(value)) {
    throw new TypeError(`SSE ${field} must be a single line: ${JSON.stringify(value)}.`);
  }

  return value;
}

/** Fans server-sent events out to many responses, each event serialized once for all of them. */
export class SseHub {
  private readonly clients = new Set<Client>();
  private readonly recent: BufferedEvent[] = [];
  private readonly heartbeatMs: number;
  private readonly maxBufferedBytes: number;
  private readonly replaySize: number;
  private broadcastCount = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly options: SseHubOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024;
    this.replaySize = options.replaySize ?? 256;
  }

  count(): number {
    return this.clients.size;
  }

  /**
   * Starts a stream: the events after `lastEventId` when they are all still buffered, otherwise
   * the snapshot followed by anything broadcast while it loaded. Rejects if the snapshot fails.
   */
  async addClient(res: SseResponse, options: AddClientOptions = {}): Promise<void> {
    if (!options.headersSent && !res.headersSent) {
      res.writeHead(200, SSE_HEADERS);
    }

    res.flushHeaders();
    const client: Client = { res, live: false };
    this.clients.add(client);
    res.once('close', () => this.remove(client));
    this.startHeartbeat();

    if (this.options.retryMs !== undefined) {
      this.send(client, Buffer.from(`retry: ${this.options.retryMs}\n\n`));
    }

    const missed = options.lastEventId === undefined ? null : this.after(options.lastEventId);

    if (missed !== null) {
      missed.forEach((event) => this.send(client, event.chunk));
      client.live = true;

      return;
    }

    const cursor = this.broadcastCount;
    let snapshot: SseEvent;

    try {
      snapshot = await this.options.snapshot();
    } catch (error) {
      this.drop(client);
      throw error;
    }

    const sinceCursor = this.since(cursor);

    if (!this.clients.has(client) || sinceCursor === null) {
      this.drop(client);

      return;
    }

    this.send(client, Buffer.from(serializeSseEvent(snapshot)));
    sinceCursor.forEach((event) => this.send(client, event.chunk));
    client.live = true;
  }

  broadcast(event: SseEvent): void {
    const chunk = Buffer.from(serializeSseEvent(event));
    this.recent.push({ id: event.id === undefined ? undefined : String(event.id), chunk });
    this.broadcastCount += 1;

    if (this.recent.length > this.replaySize) {
      this.recent.shift();
    }

    for (const client of this.clients) {
      if (client.live) {
        this.send(client, chunk);
      }
    }
  }

  /** Ends every stream; browsers will reconnect (to another replica, when shutting down). */
  close(): void {
    this.stopHeartbeat();

    for (const client of this.clients) {
      client.res.end();
    }

    this.clients.clear();
  }

  private send(client: Client, chunk: Buffer): void {
    if (!this.clients.has(client)) {
      return;
    }

    client.res.write(chunk);

    if (client.res.writableLength > this.maxBufferedBytes) {
      this.drop(client);
    }
  }

  private after(lastEventId: string): BufferedEvent[] | null {
    const index = this.recent.findLastIndex((event) => event.id === lastEventId);

    return index === -1 ? null : this.recent.slice(index + 1);
  }

  private since(cursor: number): BufferedEvent[] | null {
    const oldestKept = this.broadcastCount - this.recent.length;

    return cursor < oldestKept ? null : this.recent.slice(cursor - oldestKept);
  }

  private drop(client: Client): void {
    this.remove(client);
    client.res.destroy();
  }

  private remove(client: Client): void {
    this.clients.delete(client);

    if (this.clients.size === 0) {
      this.stopHeartbeat();
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat !== null) {
      return;
    }

    // Proxies close idle streams, and browsers only notice a dead one when a write fails.
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) {
        this.send(client, PING);
      }
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }
}
