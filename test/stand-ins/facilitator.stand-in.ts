import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  MockFacilitator,
  type MockLedger,
  type PaymentPayload,
  type PaymentRequirements,
} from '@radio402/payments';

/**
 * - `normal`: real verification and settlement by a MockFacilitator (HTTP 200 verdicts)
 * - `verify-invalid` / `settle-fail`: HTTP 200 with `isValid: false` / `success: false`
 * - `verify-rejected-400`: HTTP 400 whose body is an `isValid: false` verdict
 * - `http-500`, `http-400`, `http-401`: that status with a non-verdict body, on every endpoint
 * - `malformed`: HTTP 200 whose body is not a verdict
 * - `slow`: answers normally after `slowMs`
 */
export type FacilitatorScenario =
  | 'normal'
  | 'verify-invalid'
  | 'verify-rejected-400'
  | 'settle-fail'
  | 'http-500'
  | 'http-400'
  | 'http-401'
  | 'malformed'
  | 'slow';

export interface RecordedFacilitatorRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FacilitatorStandInOptions {
  network?: string;
  ledger?: MockLedger;
  /** Served under this prefix, like CDP's `/platform/v2/x402`. */
  basePath?: string;
  slowMs?: number;
}

interface Reply {
  status: number;
  body: unknown;
}

interface FacilitatorRequestBody {
  x402Version: number;
  paymentPayload: PaymentPayload;
  paymentRequirements: PaymentRequirements;
}

/** An x402 facilitator over HTTP (`/verify`, `/settle`, `/supported`) for e2e tests. */
export class FacilitatorStandIn {
  readonly facilitator: MockFacilitator;
  readonly requests: RecordedFacilitatorRequest[] = [];
  private scenario: FacilitatorScenario = 'normal';
  private readonly basePath: string;
  private readonly slowMs: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: Server;

  constructor(options: FacilitatorStandInOptions = {}) {
    this.facilitator = new MockFacilitator({
      network: options.network ?? 'base-sepolia',
      ledger: options.ledger,
    });
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.slowMs = options.slowMs ?? 2_000;
  }

  setScenario(scenario: FacilitatorScenario): void {
    this.scenario = scenario;
  }

  /** Back to `normal` with no recorded requests. */
  reset(): void {
    this.scenario = 'normal';
    this.requests.length = 0;
  }

  async start(): Promise<{ url: string }> {
    const server = createServer((request, response) => {
      const failed = (error: unknown): Reply => ({
        status: 500,
        body: { error: error instanceof Error ? error.message : String(error) },
      });
      void this.handle(request)
        .catch(failed)
        .then(({ status, body }) => {
          const text = typeof body === 'string' ? body : JSON.stringify(body);
          const type = typeof body === 'string' ? 'text/plain' : 'application/json';
          response.writeHead(status, { 'content-type': type }).end(text);
        });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    return { url: `http://127.0.0.1:${port}${this.basePath}` };
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

  private async handle(request: IncomingMessage): Promise<Reply> {
    const text = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const body = parseJson(text);
    this.requests.push({ method: request.method ?? '', path, headers: request.headers, body });

    if (this.scenario === 'slow') {
      await this.sleep(this.slowMs);
    }

    return this.route(request.method ?? '', path.slice(this.basePath.length), body);
  }

  private async route(method: string, endpoint: string, body: unknown): Promise<Reply> {
    const canned = this.cannedReply(endpoint, body);

    if (canned) {
      return canned;
    }

    if (method === 'GET' && endpoint === '/supported') {
      return { status: 200, body: await this.facilitator.getSupported() };
    }

    if (method !== 'POST' || (endpoint !== '/verify' && endpoint !== '/settle')) {
      return { status: 404, body: { error: `No route for ${method} ${endpoint}` } };
    }

    if (!isFacilitatorRequest(body)) {
      return {
        status: 400,
        body: { error: 'Expected {x402Version, paymentPayload, paymentRequirements}' },
      };
    }

    const { paymentPayload, paymentRequirements } = body;
    const verdict =
      endpoint === '/verify'
        ? await this.facilitator.verify(paymentPayload, paymentRequirements)
        : await this.facilitator.settle(paymentPayload, paymentRequirements);

    return { status: 200, body: verdict };
  }

  private cannedReply(endpoint: string, body: unknown): Reply | undefined {
    const payer = payerOf(body);

    switch (this.scenario) {
      case 'http-500':
        return { status: 500, body: 'Internal Server Error' };
      case 'http-400':
        return { status: 400, body: { error: 'invalid_request' } };
      case 'http-401':
        return { status: 401, body: { error: 'unauthorized' } };
      case 'malformed':
        return { status: 200, body: { hello: 'stand-in' } };
      case 'verify-invalid':
      case 'verify-rejected-400':
        return endpoint === '/verify'
          ? {
              status: this.scenario === 'verify-invalid' ? 200 : 400,
              body: {
                isValid: false,
                invalidReason: 'invalid_exact_evm_signature',
                invalidMessage: `stand-in scenario ${this.scenario}`,
                payer,
              },
            }
          : undefined;
      case 'settle-fail':
        return endpoint === '/settle'
          ? {
              status: 200,
              body: {
                success: false,
                errorReason: 'invalid_exact_evm_transaction_failed',
                errorMessage: 'stand-in scenario settle-fail',
                transaction: '',
                network: this.facilitator.network.caip2,
                payer,
              },
            }
          : undefined;
      default:
        return undefined;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text === '') {
    return undefined;
  }

  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isFacilitatorRequest(body: unknown): body is FacilitatorRequestBody {
  const candidate = body as Partial<FacilitatorRequestBody> | undefined;

  return (
    typeof candidate?.x402Version === 'number' &&
    typeof candidate.paymentPayload === 'object' &&
    typeof candidate.paymentRequirements === 'object'
  );
}

function payerOf(body: unknown): string | undefined {
  const payload = (
    body as { paymentPayload?: { payload?: { authorization?: { from?: unknown } } } }
  )?.paymentPayload?.payload?.authorization?.from;

  return typeof payload === 'string' ? payload : undefined;
}
