// Every HTTP call the web app makes lives here, typed by the api's OpenAPI document.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
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

const NETWORK_MESSAGE = 'Could not reach the station. Check your connection and try again.';

// A relative base resolves against the page, so the app works behind any host and the dev proxy.
const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? '' : window.location.origin,
  headers: { accept: 'application/json' },
});

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and turns every failure into an ApiError. `accept` lists statuses
 * other than 2xx that are an answer, not an error.
 */
async function send<T extends Answer>(call: Promise<T>, accept: number[] = []): Promise<T> {
  let answer: T;

  try {
    answer = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, NETWORK_MESSAGE);
  }

  if (!answer.response.ok && !accept.includes(answer.response.status)) {
    throw toApiError(answer.response, answer.error);
  }

  return answer;
}

/** The data of a 2xx answer whose schema says it has a body. */
async function read<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>) {
  const { data, response } = await send(call);

  if (data === undefined) {
    throw new ApiError(response.status, 'The station sent an empty answer. Try again.');
  }

  return data;
}

/** The one place an HTTP failure becomes an error the UI can show. */
function toApiError(response: Response, data: unknown): ApiError {
  const body = data as Partial<ApiErrorBody> | null | undefined;
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

function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
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
  return read(api.GET('/api/config'));
}

export async function createUser(displayName: string): Promise<User> {
  const body = { display_name: displayName };

  return (await read(api.POST('/api/users', { body }))).user;
}

export async function getUser(id: string): Promise<User> {
  return (await read(api.GET('/api/users/{id}', { params: { path: { id } } }))).user;
}

export async function getUserTracks(id: string): Promise<Track[]> {
  return (await read(api.GET('/api/users/{id}/tracks', { params: { path: { id } } }))).tracks;
}

export async function getQuote(durationSeconds: number): Promise<Quote> {
  const query = { duration_seconds: durationSeconds };

  return read(api.GET('/api/queue/quote', { params: { query } }));
}

export async function submitTrack(body: SubmitRequest): Promise<SubmitResult> {
  const { data, error, response } = await send(api.POST('/api/queue/submit', { body }), [402]);

  if (response.status !== 402) {
    if (!data) {
      throw new ApiError(response.status, 'The station accepted the request but sent no track.');
    }

    return { kind: 'queued', track: data.track };
  }

  const fromBody = error as Partial<PaymentChallenge> | null | undefined;
  const header = response.headers.get('PAYMENT-REQUIRED');
  const fromHeader = header ? decodeBase64Json<Partial<PaymentChallenge>>(header) : null;
  const challenge = { ...fromHeader, ...fromBody } as PaymentChallenge;

  if (!challenge.track_id || !challenge.accepts?.length) {
    throw new ApiError(402, 'The station asked for payment but sent no payment details.', error);
  }

  return { kind: 'payment_required', challenge };
}

export async function createMockProof(trackId: string): Promise<string> {
  const body = { track_id: trackId };

  return (await read(api.POST('/api/x402/mock-proof', { body }))).payment_proof;
}

export async function confirmPayment(trackId: string, paymentProof: string): Promise<Track> {
  const body = { track_id: trackId, payment_proof: paymentProof };

  return (await read(api.POST('/api/queue/confirm', { body }))).track;
}

export async function getStation(signal?: AbortSignal): Promise<Station> {
  return read(api.GET('/api/station', { signal }));
}

export async function adminAction(
  token: string,
  action: 'advance' | 'pause' | 'resume',
): Promise<void> {
  await send(api.POST(`/api/admin/station/${action}`, { headers: bearer(token) }));
}

export async function adminRemoveTrack(token: string, trackId: string): Promise<void> {
  const params = { path: { id: trackId } };

  await send(api.DELETE('/api/admin/tracks/{id}', { params, headers: bearer(token) }));
}

export async function adminRetryTrack(token: string, trackId: string): Promise<void> {
  const params = { path: { id: trackId } };

  await send(api.POST('/api/admin/tracks/{id}/retry', { params, headers: bearer(token) }));
}

export async function adminStats(token: string): Promise<AdminStats> {
  return read(api.GET('/api/admin/stats', { headers: bearer(token) }));
}

export async function adminTracks(token: string, status: TrackStatus): Promise<Track[]> {
  const params = { query: { status } };

  return (await read(api.GET('/api/admin/tracks', { params, headers: bearer(token) }))).tracks;
}
