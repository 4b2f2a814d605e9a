// Every HTTP call the web app makes lives here, so swapping in the generated OpenAPI client
// touches one file.
import type {
  AdminStats,
  ApiErrorBody,
  PaymentChallenge,
  Quote,
  Station,
  StationConfig,
  SubmitRequest,
  SubmitResult,
  Track,
  TrackStatus,
  User,
} from './types';

export const EVENTS_URL = '/api/events';
export const ADMIN_QUEUES_URL = '/api/admin/queues';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Status 0 means the request never got an HTTP answer. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

interface RequestOptions {
  body?: unknown;
  token?: string;
  /** Statuses other than 2xx that are an answer, not an error. */
  accept?: number[];
  signal?: AbortSignal;
}

interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

const NETWORK_MESSAGE = 'Could not reach the station. Check your connection and try again.';

async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };

  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }

  if (options.token) {
    headers.authorization = `Bearer ${options.token}`;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, NETWORK_MESSAGE);
  }

  const data = await readBody(response);

  if (!response.ok && !options.accept?.includes(response.status)) {
    throw toApiError(response, data);
  }

  return { status: response.status, data: data as T, headers: response.headers };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');

  if (!text) {
    return null;
  }

  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The one place an HTTP failure becomes an error the UI can show. */
function toApiError(response: Response, data: unknown): ApiError {
  const body = data as Partial<ApiErrorBody> | null;
  const raw = body && typeof body === 'object' ? body.message : undefined;
  const message = Array.isArray(raw) ? raw.join('. ') : raw;

  if (message) {
    return new ApiError(response.status, message, data);
  }

  if (response.status >= 500) {
    return new ApiError(response.status, 'The station is having trouble right now. Try again.');
  }

  return new ApiError(
    response.status,
    response.statusText || `Request failed (${response.status})`,
  );
}

function decodeBase64Json<T>(value: string): T | null {
  try {
    const binary = atob(value);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));

    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    return null;
  }
}

export async function getConfig(): Promise<StationConfig> {
  return (await request<StationConfig>('GET', '/api/config')).data;
}

export async function createUser(displayName: string): Promise<User> {
  const body = { display_name: displayName };

  return (await request<{ user: User }>('POST', '/api/users', { body })).data.user;
}

export async function getUser(id: string): Promise<User> {
  return (await request<{ user: User }>('GET', `/api/users/${encodeURIComponent(id)}`)).data.user;
}

export async function getUserTracks(id: string): Promise<Track[]> {
  const path = `/api/users/${encodeURIComponent(id)}/tracks`;

  return (await request<{ tracks: Track[] }>('GET', path)).data.tracks;
}

export async function getQuote(durationSeconds: number): Promise<Quote> {
  const path = `/api/queue/quote?duration_seconds=${durationSeconds}`;

  return (await request<Quote>('GET', path)).data;
}

export async function submitTrack(body: SubmitRequest): Promise<SubmitResult> {
  const response = await request<PaymentChallenge | { track: Track }>('POST', '/api/queue/submit', {
    body,
    accept: [402],
  });

  if (response.status !== 402) {
    return { kind: 'queued', track: (response.data as { track: Track }).track };
  }

  const fromBody = response.data as Partial<PaymentChallenge> | null;
  const header = response.headers.get('PAYMENT-REQUIRED');
  const fromHeader = header ? decodeBase64Json<Partial<PaymentChallenge>>(header) : null;
  const challenge = { ...fromHeader, ...fromBody } as PaymentChallenge;

  if (!challenge.track_id || !challenge.accepts?.length) {
    throw new ApiError(402, 'The station asked for payment but sent no payment details.', fromBody);
  }

  return { kind: 'payment_required', challenge };
}

export async function createMockProof(trackId: string): Promise<string> {
  const body = { track_id: trackId };

  return (await request<{ payment_proof: string }>('POST', '/api/x402/mock-proof', { body })).data
    .payment_proof;
}

export async function confirmPayment(trackId: string, paymentProof: string): Promise<Track> {
  const body = { track_id: trackId, payment_proof: paymentProof };

  return (await request<{ track: Track }>('POST', '/api/queue/confirm', { body })).data.track;
}

export async function getStation(signal?: AbortSignal): Promise<Station> {
  return (await request<Station>('GET', '/api/station', { signal })).data;
}

export async function adminAction(
  token: string,
  action: 'advance' | 'pause' | 'resume',
): Promise<void> {
  await request('POST', `/api/admin/station/${action}`, { token });
}

export async function adminRemoveTrack(token: string, trackId: string): Promise<void> {
  await request('DELETE', `/api/admin/tracks/${encodeURIComponent(trackId)}`, { token });
}

export async function adminRetryTrack(token: string, trackId: string): Promise<void> {
  await request('POST', `/api/admin/tracks/${encodeURIComponent(trackId)}/retry`, { token });
}

export async function adminStats(token: string): Promise<AdminStats> {
  return (await request<AdminStats>('GET', '/api/admin/stats', { token })).data;
}

export async function adminTracks(token: string, status: TrackStatus): Promise<Track[]> {
  const path = `/api/admin/tracks?status=${status}`;

  return (await request<{ tracks: Track[] }>('GET', path, { token })).data.tracks;
}
