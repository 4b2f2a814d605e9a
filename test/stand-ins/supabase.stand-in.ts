import { createHash, randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { parseByteRange } from '@radio402/generation';
import { readBody, sendJson } from './http-helpers.js';

export interface RecordedSupabaseRequest {
  method: string;
  /** Pathname only; supabase-js puts the key in the realtime query string since 2.100. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON when it was JSON. */
  json?: unknown;
}

export interface StoredObject {
  data: Buffer;
  contentType: string;
  cacheControl?: string;
  upsert?: string;
}

export interface BroadcastMessage {
  topic: string;
  event: string;
  payload: unknown;
  private?: boolean;
}

export interface Bucket {
  id: string;
  name: string;
  public: boolean;
  created_at: string;
  updated_at: string;
}

export type SupabaseFailure = 401 | 422 | 429 | 500;
export type SupabaseService = 'storage' | 'realtime';

export interface SupabaseStandInOptions {
  /** Keys accepted as `apikey` or Bearer token; the service role key by default. */
  keys?: string[];
}

interface Route {
  method: string;
  pattern: RegExp;
  handle: (request: Incoming, params: string[], response: ServerResponse) => void;
}

interface Incoming {
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  body: Buffer;
  json?: unknown;
}

/**
 * Supabase Storage (buckets, uploads, public downloads with Range) and Realtime REST broadcast
 * for tests. Storage errors use its wire form: HTTP 400 with the logical status in the body's
 * `statusCode` (5xx and gateway 429 keep their own status). Realtime answers 202 on success.
 */
export class SupabaseStandIn {
  readonly serviceRoleKey: string;
  readonly requests: RecordedSupabaseRequest[] = [];
  readonly buckets = new Map<string, Bucket>();
  readonly objects = new Map<string, StoredObject>();
  readonly broadcasts: BroadcastMessage[] = [];
  private readonly keys: Set<string>;
  private readonly failures: Record<SupabaseService, SupabaseFailure[]> = {
    storage: [],
    realtime: [],
  };
  private readonly routes: Route[];
  private server?: Server;

  constructor(serviceRoleKey = 'stand-in-service-role-key', options: SupabaseStandInOptions = {}) {
    this.serviceRoleKey = serviceRoleKey;
    this.keys = new Set(options.keys ?? [serviceRoleKey]);
    this.routes = [
      {
        method: 'GET',
        pattern: /^\/storage\/v1\/bucket\/?$/,
        handle: (_r, _p, res) => this.listBuckets(res),
      },
      {
        method: 'GET',
        pattern: /^\/storage\/v1\/bucket\/([^/]+)$/,
        handle: (_r, p, res) => this.getBucket(p[0], res),
      },
      {
        method: 'POST',
        pattern: /^\/storage\/v1\/bucket\/?$/,
        handle: (r, _p, res) => this.createBucket(r, res),
      },
      {
        method: 'GET',
        pattern: /^\/storage\/v1\/object\/public\/([^/]+)\/(.+)$/,
        handle: (r, p, res) => this.download(p[0], p[1], r, res),
      },
      {
        method: 'POST',
        pattern: /^\/storage\/v1\/object\/([^/]+)\/(.+)$/,
        handle: (r, p, res) => this.upload(p[0], p[1], r, res),
      },
      {
        method: 'POST',
        pattern: /^\/realtime\/v1\/api\/broadcast\/?$/,
        handle: (r, _p, res) => this.broadcastBatch(r, res),
      },
      {
        method: 'POST',
        pattern: /^\/realtime\/v1\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/,
        handle: (r, p, res) => this.broadcastOne(p[0], p[1], r, res),
      },
    ];
  }

  /** The next `times` requests to that service fail with `status`. */
  failNext(service: SupabaseService, status: SupabaseFailure, times = 1): void {
    for (let i = 0; i < times; i++) {
      this.failures[service].push(status);
    }
  }

  /** The stored object at `bucket/path`, as uploaded. */
  object(bucket: string, path: string): StoredObject | undefined {
    return this.objects.get(`${bucket}/${path}`);
  }

  requestsTo(pathPrefix: string): RecordedSupabaseRequest[] {
    return this.requests.filter((request) => request.path.startsWith(pathPrefix));
  }

  reset(): void {
    this.requests.length = 0;
    this.buckets.clear();
    this.objects.clear();
    this.broadcasts.length = 0;
    this.failures.storage.length = 0;
    this.failures.realtime.length = 0;
  }

  async start(): Promise<{ url: string }> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        sendJson(response, 500, { statusCode: '500', error: 'internal', message: String(error) });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    return { url: `http://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
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
    const body = await readBody(request);
    const json = isJson(request.headers['content-type']) ? parseJson(body) : undefined;
    const method = request.method ?? '';
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
      json,
    });

    const service: SupabaseService = url.pathname.startsWith('/realtime/') ? 'realtime' : 'storage';
    const failure = this.failures[service].shift();

    if (failure) {
      return this.fail(service, failure, response);
    }

    const isPublicDownload =
      method === 'GET' && url.pathname.startsWith('/storage/v1/object/public/');

    if (!isPublicDownload && !this.authorized(request.headers)) {
      return this.fail(service, 401, response);
    }

    for (const route of this.routes) {
      const match = route.method === method ? route.pattern.exec(url.pathname) : null;
      if (match) {
        const params = match.slice(1).map((part) => decodeURIComponent(part));
        const incoming = { headers: request.headers, query: url.searchParams, body, json };
        return route.handle(incoming, params, response);
      }
    }

    sendJson(response, 404, { message: `No route for ${method} ${url.pathname}` });
  }

  /** Realtime reads the Bearer JWT first, then `apikey`; storage needs a valid one of them. */
  private authorized(headers: IncomingHttpHeaders): boolean {
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    const apikey = typeof headers.apikey === 'string' ? headers.apikey : undefined;
    const token = bearer ?? apikey;

    return token !== undefined && this.keys.has(token);
  }

  private fail(service: SupabaseService, status: SupabaseFailure, response: ServerResponse): void {
    if (service === 'realtime') {
      const bodies: Record<SupabaseFailure, unknown> = {
        401: { message: 'Unauthorized' },
        422: { errors: { messages: ["can't be blank"] } },
        429: { message: 'Too many requests' },
        500: { message: 'Internal server error' },
      };
      return sendJson(response, status, bodies[status]);
    }

    const storageBodies: Record<SupabaseFailure, [number, Record<string, string>]> = {
      401: [400, { statusCode: '403', error: 'Unauthorized', message: 'invalid signature' }],
      422: [400, { statusCode: '422', error: 'InvalidRequest', message: 'Invalid request' }],
      429: [429, { statusCode: '429', error: 'TooManyRequests', message: 'Too many requests' }],
      500: [500, { statusCode: '500', error: 'InternalError', message: 'Internal server error' }],
    };
    const [httpStatus, body] = storageBodies[status];
    sendJson(response, httpStatus, body);
  }

  private listBuckets(response: ServerResponse): void {
    sendJson(response, 200, [...this.buckets.values()]);
  }

  private getBucket(id: string, response: ServerResponse): void {
    const bucket = this.buckets.get(id);

    if (!bucket) {
      return sendJson(response, 400, {
        statusCode: '404',
        code: 'NoSuchBucket',
        error: 'Bucket not found',
        message: 'Bucket not found',
      });
    }

    sendJson(response, 200, bucket);
  }

  private createBucket(request: Incoming, response: ServerResponse): void {
    const body = (request.json ?? {}) as { id?: string; name?: string; public?: boolean };
    const id = body.id ?? body.name;

    if (!id) {
      return sendJson(response, 400, {
        statusCode: '400',
        error: 'InvalidRequest',
        message: 'body must have required property "name"',
      });
    }
    if (this.buckets.has(id)) {
      return sendJson(response, 400, duplicate());
    }

    const now = new Date().toISOString();
    this.buckets.set(id, {
      id,
      name: id,
      public: body.public === true,
      created_at: now,
      updated_at: now,
    });
    sendJson(response, 200, { name: id });
  }

  private upload(bucket: string, path: string, request: Incoming, response: ServerResponse): void {
    if (!this.buckets.has(bucket)) {
      return sendJson(response, 400, {
        statusCode: '404',
        code: 'NoSuchBucket',
        error: 'Bucket not found',
        message: 'Bucket not found',
      });
    }

    const key = `${bucket}/${path}`;
    const upsert = header(request.headers, 'x-upsert');

    if (this.objects.has(key) && upsert !== 'true') {
      return sendJson(response, 400, duplicate());
    }

    this.objects.set(key, {
      data: request.body,
      contentType: header(request.headers, 'content-type') ?? 'application/octet-stream',
      cacheControl: header(request.headers, 'cache-control'),
      upsert,
    });
    sendJson(response, 200, { Id: randomUUID(), Key: key });
  }

  private download(
    bucket: string,
    path: string,
    request: Incoming,
    response: ServerResponse,
  ): void {
    const object = this.buckets.get(bucket)?.public
      ? this.objects.get(`${bucket}/${path}`)
      : undefined;

    if (!object) {
      return sendJson(response, 400, {
        statusCode: '404',
        code: 'NoSuchKey',
        error: 'not_found',
        message: 'Object not found',
      });
    }

    const size = object.data.length;
    const range = parseByteRange(header(request.headers, 'range'), size);
    const headers = {
      'accept-ranges': 'bytes',
      'content-type': object.contentType,
      'cache-control': object.cacheControl ?? 'no-cache',
      etag: `"${createHash('md5').update(object.data).digest('hex')}"`,
    };

    if (range === 'unsatisfiable') {
      response.writeHead(416, {
        'content-range': `bytes */${size}`,
        'content-type': 'application/json',
      });
      response.end(
        JSON.stringify({
          statusCode: '416',
          code: 'InvalidRange',
          error: 'InvalidRange',
          message: 'The requested range is not satisfiable',
        }),
      );
      return;
    }
    if (range) {
      response.writeHead(206, {
        ...headers,
        'content-range': `bytes ${range.start}-${range.end}/${size}`,
        'content-length': String(range.end - range.start + 1),
      });
      response.end(object.data.subarray(range.start, range.end + 1));
      return;
    }

    response.writeHead(200, { ...headers, 'content-length': String(size) });
    response.end(object.data);
  }

  private broadcastBatch(request: Incoming, response: ServerResponse): void {
    const messages = (request.json as { messages?: unknown } | undefined)?.messages;

    if (!Array.isArray(messages) || messages.length === 0) {
      return sendJson(response, 422, { errors: { messages: ["can't be blank"] } });
    }

    const invalid = messages.findIndex((message) => !isBroadcastMessage(message));

    if (invalid !== -1) {
      return sendJson(response, 422, {
        errors: { messages: [`message ${invalid} needs a topic, an event and an object payload`] },
      });
    }

    this.broadcasts.push(...(messages as BroadcastMessage[]));
    accepted(response);
  }

  private broadcastOne(
    topic: string,
    event: string,
    request: Incoming,
    response: ServerResponse,
  ): void {
    const type = header(request.headers, 'content-type') ?? '';
    const isPrivate = request.query.get('private') === 'true';

    if (type.startsWith('application/octet-stream')) {
      this.broadcasts.push({ topic, event, payload: request.body, private: isPrivate });
      return accepted(response);
    }
    if (!type.startsWith('application/json')) {
      return sendJson(response, 415, { message: 'Unsupported content type' });
    }
    if (typeof request.json !== 'object' || request.json === null) {
      return sendJson(response, 422, { errors: { payload: ['must be a JSON object'] } });
    }

    this.broadcasts.push({ topic, event, payload: request.json, private: isPrivate });
    accepted(response);
  }
}

function duplicate() {
  return {
    statusCode: '409',
    code: 'KeyAlreadyExists',
    error: 'Duplicate',
    message: 'The resource already exists',
  };
}

function isBroadcastMessage(value: unknown): boolean {
  const message = value as Partial<BroadcastMessage> | null;

  return (
    typeof message === 'object' &&
    message !== null &&
    typeof message.topic === 'string' &&
    typeof message.event === 'string' &&
    typeof message.payload === 'object' &&
    message.payload !== null &&
    !Array.isArray(message.payload)
  );
}

function accepted(response: ServerResponse): void {
  response.writeHead(202);
  response.end();
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];

  return Array.isArray(value) ? value[0] : value;
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().includes('json') ?? false;
}

function parseJson(body: Buffer): unknown {
  try {
    return body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
}
