import http from 'node:http';
import net from 'node:net';
import { EventSource } from 'eventsource';
import { serializeSseEvent, SseHub, type SseEvent, type SseHubOptions } from './sse-hub.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('Condition not met in time.');
    }

    await sleep(5);
  }
}

interface ParsedEvent {
  id?: string;
  event?: string;
  data: string;
}

function parse(raw: string): ParsedEvent[] {
  return raw
    .split('\n\n')
    .slice(0, -1)
    .filter((block) => block.split('\n').some((line) => line.startsWith('data: ')))
    .map((block) => {
      const fields = block.split('\n').map((line) => line.split(/: (.*)/s));
      const value = (name: string) => fields.find(([field]) => field === name)?.[1];
      const data = fields.filter(([field]) => field === 'data').map(([, text]) => text);

      return { id: value('id'), event: value('event'), data: data.join('\n') };
    });
}

describe(SseHub.name, () => {
  let hub: SseHub;
  let server: http.Server;
  let port: number;
  let stateSeq: number;
  const streams: Array<{ close(): void }> = [];

  async function listen(options: Partial<SseHubOptions> = {}) {
    hub = new SseHub({
      snapshot: () => ({ id: stateSeq, event: 'snapshot', data: { seq: stateSeq } }),
      ...options,
    });
    server = http.createServer((req, res) => {
      const lastEventId = req.headers['last-event-id'];
      void hub.addClient(res, {
        lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  }

  function publish(type = 'station_update') {
    stateSeq += 1;
    hub.broadcast({ id: stateSeq, event: type, data: { seq: stateSeq } });
  }

  async function connect(headers: http.OutgoingHttpHeaders = {}) {
    const req = http.get({ port, host: '127.0.0.1', headers });
    streams.push({ close: () => req.destroy() });
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', resolve);
    });
    const stream = {
      raw: '',
      headers: res.headers,
      events: () => parse(stream.raw),
      close: () => req.destroy(),
    };
    res.setEncoding('utf8');
    res.on('data', (text: string) => (stream.raw += text));

    return stream;
  }

  beforeEach(() => {
    stateSeq = 10;
  });

  afterEach(async () => {
    streams.splice(0).forEach((stream) => stream.close());
    hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  describe('addClient', () => {
    it('writes the SSE headers and the snapshot first', async () => {
      await listen();

      const client = await connect();
      await until(() => client.events().length === 1);

      expect(client.headers).toMatchObject({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      expect(client.events()).toEqual([{ id: '10', event: 'snapshot', data: '{"seq":10}' }]);
      expect(hub.count()).toBe(1);
    });

    it('replays the events after a buffered Last-Event-ID instead of a snapshot', async () => {
      await listen();
      publish();
      publish();
      publish();

      const client = await connect({ 'Last-Event-ID': '11' });
      await until(() => client.events().length === 2);
      publish();
      await until(() => client.events().length === 3);

      expect(client.events().map((event) => event.id)).toEqual(['12', '13', '14']);
    });

    it('sends a fresh snapshot when Last-Event-ID is no longer buffered', async () => {
      await listen({ replaySize: 2 });
      publish();
      publish();
      publish();

      const client = await connect({ 'Last-Event-ID': '11' });
      await until(() => client.events().length === 1);

      expect(client.events()[0]).toMatchObject({ id: '13', event: 'snapshot' });
    });

    it('follows a slow snapshot with the events broadcast while it loaded', async () => {
      let release: () => void = () => undefined;
      await listen({
        snapshot: async () => {
          const seen = stateSeq;
          await new Promise<void>((resolve) => (release = resolve));

          return { id: seen, event: 'snapshot', data: { seq: seen } };
        },
      });

      const client = await connect();
      await until(() => hub.count() === 1);
      publish();
      release();
      await until(() => client.events().length === 2);

      expect(client.events().map((event) => event.id)).toEqual(['10', '11']);
    });

    it('uses a real EventSource, which resumes with Last-Event-ID after a drop', async () => {
      await listen({ retryMs: 20 });
      const received: string[] = [];
      const source = new EventSource(`http://127.0.0.1:${port}/`);
      streams.push(source);
      source.addEventListener('snapshot', (event) =>
        received.push(`snapshot ${event.lastEventId}`),
      );
      source.addEventListener('station_update', (event) => received.push(event.data));
      await until(() => received.length === 1);

      publish();
      await until(() => received.length === 2);
      hub.close();
      publish();
      await until(() => received.length === 3);

      expect(received).toEqual(['snapshot 10', '{"seq":11}', '{"seq":12}']);
    });
  });

  describe('broadcast', () => {
    it('delivers events in order to every client', async () => {
      await listen();
      const first = await connect();
      const second = await connect();
      await until(() => first.events().length === 1 && second.events().length === 1);

      for (let i = 0; i < 50; i += 1) {
        publish();
      }
      await until(() => first.events().length === 51 && second.events().length === 51);

      const ids = Array.from({ length: 51 }, (_, i) => String(10 + i));
      expect(first.events().map((event) => event.id)).toEqual(ids);
      expect(second.events().map((event) => event.id)).toEqual(ids);
    });

    it('drops a client that stops reading instead of buffering for it', async () => {
      await listen({ maxBufferedBytes: 64 * 1024 });
      const reader = await connect();
      const stalled = net.connect(port, '127.0.0.1');
      streams.push({ close: () => stalled.destroy() });
      stalled.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
      stalled.pause();
      await until(() => hub.count() === 2);

      const payload = 'x'.repeat(32 * 1024);
      for (let i = 0; i < 2_000 && hub.count() === 2; i += 1) {
        hub.broadcast({ id: i, event: 'flood', data: payload });
        await new Promise((resolve) => setImmediate(resolve));
      }

      expect(hub.count()).toBe(1);
      hub.broadcast({ event: 'done', data: '' });
      await until(() => reader.raw.endsWith('event: done\ndata: \n\n'));
      expect(reader.events()[0].event).toBe('snapshot');
    });
  });

  describe('heartbeat', () => {
    it('sends a ping comment every heartbeatMs', async () => {
      await listen({ heartbeatMs: 20 });

      const client = await connect();
      await until(() => client.raw.split(': ping\n\n').length > 3);
    });
  });

  describe('count', () => {
    it('forgets a client when its connection closes', async () => {
      await listen();
      const client = await connect();
      await until(() => hub.count() === 1);

      client.close();

      await until(() => hub.count() === 0);
    });
  });
});

describe(serializeSseEvent.name, () => {
  it('splits multi-line data into data fields', () => {
    const event: SseEvent = { id: 1, event: 'note', data: 'a\nb' };

    expect(serializeSseEvent(event)).toBe('id: 1\nevent: note\ndata: a\ndata: b\n\n');
  });

  it('refuses an id that would break the stream', () => {
    expect(() => serializeSseEvent({ id: '1\n2', data: '' })).toThrow(TypeError);
  });
});
