import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { MockMusicGenerator, type GeneratedAudio } from '@radio402/generation';
import { readBody, sendJson } from './http-helpers.js';

/**
 * What the next request gets. Errors follow the documented `{"detail": {...}}` envelope.
 * - `success`: real MP3 bytes of `music_length_ms` (30 s when absent)
 * - `bad_prompt`: 400 with `detail.data.prompt_suggestion` (omit `suggestion` for harmful content)
 * - `quota_exceeded`, `invalid_api_key`, `missing_permissions`: 401; `limited_access`: 402
 * - `rate_limited`: 429 `too_many_concurrent_requests`, with `Retry-After` when given
 * - `server_error`: 500; `slow_headers`: answers after `delayMs`; `slow_body`: half the audio,
 *   a pause of `delayMs`, then the rest; `drop_stream`: half the audio, then the socket is destroyed
 */
export type ElevenLabsScenario =
  | { kind: 'success' }
  | { kind: 'bad_prompt'; suggestion?: string }
  | { kind: 'quota_exceeded' }
  | { kind: 'invalid_api_key' }
  | { kind: 'missing_permissions' }
  | { kind: 'limited_access' }
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  | { kind: 'server_error' }
  | { kind: 'slow_headers'; delayMs: number }
  | { kind: 'slow_body'; delayMs: number }
  | { kind: 'drop_stream' };

export type ElevenLabsScenarioKind = ElevenLabsScenario['kind'];

export interface RecordedElevenLabsRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface ElevenLabsStandInOptions {
  /** The only key accepted in `xi-api-key`. */
  apiKey?: string;
  /** Mock generator settings; the default makes real 44.1 kHz MP3s with no delay. */
  generator?: MockMusicGenerator;
  /** Used by prompt tokens for the slow scenarios. */
  slowMs?: number;
}

const MODEL_IDS = new Set(['music_v1', 'music_v2', 'music_v2_5']);
const PROMPT_TOKEN = /\[\[(\w+)\]\]/;
const DEFAULT_LENGTH_MS = 30_000;

/**
 * ElevenLabs Music over HTTP (`POST /v1/music`, `POST /v1/music/stream`) for tests. A scenario
 * comes from, in order: the queue (`enqueue`), a `[[kind]]` token in the prompt, the sticky
 * default (`failWith`), else success.
 */
export class ElevenLabsStandIn {
  readonly apiKey: string;
  readonly requests: RecordedElevenLabsRequest[] = [];
  private readonly generator: MockMusicGenerator;
  private readonly slowMs: number;
  private readonly queue: ElevenLabsScenario[] = [];
  private sticky: ElevenLabsScenario = { kind: 'success' };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly cache = new Map<string, Promise<GeneratedAudio>>();
  private server?: Server;

  constructor(options: ElevenLabsStandInOptions = {}) {
    this.apiKey = options.apiKey ?? 'stand-in-eleven-key';
    this.generator = options.generator ?? new MockMusicGenerator({ delayMs: 0 });
    this.slowMs = options.slowMs ?? 5_000;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  /** Scenarios for the next requests, one each, before the prompt token or sticky default. */
  enqueue(...scenarios: ElevenLabsScenario[]): void {
    this.queue.push(...scenarios);
  }

  /** Every request without a queued scenario gets this one until told otherwise. */
  failWith(scenario: ElevenLabsScenario): void {
    this.sticky = scenario;
  }

  reset(): void {
    this.queue.length = 0;
    this.sticky = { kind: 'success' };
    this.requests.length = 0;
  }

  async start(): Promise<{ url: string }> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          sendJson(response, 500, { detail: { status: 'internal_error', message: String(error) } });
        } else {
          response.destroy();
        }
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    return { url: `http://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;

    if (!server) {
      return;
    }

    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const text = (await readBody(request)).toString('utf8');
    const body = parseJson(text);
    this.requests.push({
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    });

    const streaming = url.pathname === '/v1/music/stream';

    if (request.method !== 'POST' || (url.pathname !== '/v1/music' && !streaming)) {
      return sendJson(response, 404, { detail: 'Not Found' });
    }

    const key = request.headers['xi-api-key'];

    if (!key) {
      return sendError(response, 401, 'needs_authorization', 'Missing xi-api-key header.');
    }
    if (key !== this.apiKey) {
      return sendError(response, 401, 'invalid_api_key', 'Invalid API key.');
    }

    const invalid = validate(body, url.searchParams.get('output_format'));

    if (invalid) {
      return sendJson(response, 422, { detail: [invalid] });
    }

    const fields = body as { prompt: string; music_length_ms?: number };
    const scenario = this.nextScenario(fields.prompt);

    await this.answer(response, scenario, fields, streaming);
  }

  private nextScenario(prompt: string): ElevenLabsScenario {
    const queued = this.queue.shift();

    if (queued) {
      return queued;
    }

    const token = PROMPT_TOKEN.exec(prompt)?.[1];

    return token ? this.fromToken(token) : this.sticky;
  }

  private fromToken(token: string): ElevenLabsScenario {
    switch (token) {
      case 'bad_prompt':
        return { kind: 'bad_prompt', suggestion: 'An instrumental track in a similar style' };
      case 'harmful':
        return { kind: 'bad_prompt' };
      case 'rate_limited':
        return { kind: 'rate_limited', retryAfterSeconds: 1 };
      case 'slow_headers':
      case 'slow_body':
        return { kind: token, delayMs: this.slowMs };
      case 'quota_exceeded':
      case 'invalid_api_key':
      case 'missing_permissions':
      case 'limited_access':
      case 'server_error':
      case 'drop_stream':
        return { kind: token };
      default:
        return this.sticky;
    }
  }

  private async answer(
    response: ServerResponse,
    scenario: ElevenLabsScenario,
    fields: { prompt: string; music_length_ms?: number },
    streaming: boolean,
  ): Promise<void> {
    switch (scenario.kind) {
      case 'bad_prompt':
        return sendError(
          response,
          400,
          'bad_prompt',
          'Your prompt violates our Terms of Service.',
          scenario.suggestion ? { prompt_suggestion: scenario.suggestion } : undefined,
        );
      case 'quota_exceeded':
        return sendError(
          response,
          401,
          'quota_exceeded',
          'This request exceeds your quota of 10000. You have 12 credits remaining, while 2000 credits are required for this request.',
        );
      case 'invalid_api_key':
        return sendError(response, 401, 'invalid_api_key', 'Invalid API key.');
      case 'missing_permissions':
        return sendError(
          response,
          401,
          'missing_permissions',
          'The API key you used is missing the permission music_generation.',
        );
      case 'limited_access':
        return sendError(response, 402, 'limited_access', 'Music is available on paid plans.');
      case 'rate_limited': {
        const headers: Record<string, string> =
          scenario.retryAfterSeconds === undefined
            ? {}
            : { 'retry-after': String(scenario.retryAfterSeconds) };
        return sendError(
          response,
          429,
          'too_many_concurrent_requests',
          'Too many concurrent requests.',
          undefined,
          headers,
        );
      }
      case 'server_error':
        return sendError(response, 500, 'internal_error', 'Internal server error.');
      case 'slow_headers':
        await this.sleep(scenario.delayMs);
        break;
      default:
        break;
    }

    if (response.destroyed) {
      return;
    }

    const audio = await this.render(fields.prompt, fields.music_length_ms ?? DEFAULT_LENGTH_MS);
    const headers = {
      'content-type': 'audio/mpeg',
      'song-id': randomUUID(),
      'request-id': randomUUID(),
      'character-cost': String(Math.round(audio.durationMs / 10)),
    };
    const half = Math.floor(audio.data.length / 2);

    if (scenario.kind === 'drop_stream') {
      response.writeHead(200, { ...headers, 'content-length': String(audio.data.length) });
      response.write(audio.data.subarray(0, half), () => {
        // The client must see a short body, not a clean end: kill the socket after the flush.
        this.later(20, () => response.socket?.destroy());
      });
      return;
    }
    if (scenario.kind === 'slow_body') {
      response.writeHead(200, headers);
      response.write(audio.data.subarray(0, half));
      await this.sleep(scenario.delayMs);
      response.end(audio.data.subarray(half));
      return;
    }
    if (streaming) {
      response.writeHead(200, headers);
      await this.trickle(response, audio.data);
      return;
    }

    response.writeHead(200, { ...headers, 'content-length': String(audio.data.length) });
    response.end(audio.data);
  }

  /** Synthesis is slow under Jest's vm context, and tests often repeat a prompt. */
  private render(prompt: string, lengthMs: number): Promise<GeneratedAudio> {
    const key = `${lengthMs}:${prompt}`;
    let audio = this.cache.get(key);

    if (!audio) {
      audio = this.generator.generate({
        trackId: 'stand-in',
        prompt,
        durationSeconds: lengthMs / 1000,
      });
      audio.catch(() => this.cache.delete(key));
      this.cache.set(key, audio);
      if (this.cache.size > 8) {
        this.cache.delete(this.cache.keys().next().value as string);
      }
    }

    return audio;
  }

  /** `/v1/music/stream` sends chunked audio over time, like the real endpoint. */
  private async trickle(response: ServerResponse, data: Buffer): Promise<void> {
    const chunk = 32 * 1024;

    for (let offset = 0; offset < data.length && !response.destroyed; offset += chunk) {
      response.write(data.subarray(offset, offset + chunk));
      await this.sleep(5);
    }
    response.end();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}

/** Mirrors the API's Pydantic 422 items: `{type, loc, msg, input}`. */
function validate(body: unknown, outputFormat: string | null): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) {
    return { type: 'json_invalid', loc: ['body'], msg: 'JSON body required', input: body };
  }

  const fields = body as Record<string, unknown>;

  if (typeof fields.prompt !== 'string' || fields.prompt.length === 0) {
    return { type: 'missing', loc: ['body', 'prompt'], msg: 'Field required', input: fields };
  }
  if (fields.prompt.length > 4100) {
    return { type: 'string_too_long', loc: ['body', 'prompt'], msg: 'Too long', input: '...' };
  }

  const length = fields.music_length_ms;
  const lengthValid =
    length === undefined ||
    (Number.isInteger(length) && (length as number) >= 3000 && (length as number) <= 600_000);

  if (!lengthValid) {
    return {
      type: 'value_error',
      loc: ['body', 'music_length_ms'],
      msg: 'Input should be between 3000 and 600000',
      input: length,
    };
  }
  if (fields.model_id !== undefined && !MODEL_IDS.has(fields.model_id as string)) {
    return {
      type: 'enum',
      loc: ['body', 'model_id'],
      msg: 'Unknown model',
      input: fields.model_id,
    };
  }
  if (outputFormat !== null && outputFormat !== 'auto' && !outputFormat.startsWith('mp3_')) {
    return {
      type: 'value_error',
      loc: ['query', 'output_format'],
      msg: 'The stand-in only produces MP3',
      input: outputFormat,
    };
  }

  return null;
}

function sendError(
  response: ServerResponse,
  statusCode: number,
  status: string,
  message: string,
  data?: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  sendJson(
    response,
    statusCode,
    { detail: { status, message, ...(data ? { data } : {}) } },
    headers,
  );
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
