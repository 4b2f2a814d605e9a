import { EVENTS_URL, getStation } from '../api/client';
import type { QueueUpdateEvent, SnapshotEvent, Station, Track } from '../api/types';
import { clock } from './clock.svelte';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const RESYNC_DELAYS_MS = [0, 2_000, 6_000];
const RESYNC_INTERVAL_MS = 60_000;

type TrackListener = (track: Track) => void;
type SnapshotListener = (station: Station, fresh: boolean) => void;

/**
 * The station as this browser knows it: one EventSource feeds every view. Messages carry a seq;
 * older ones are dropped. The first snapshot after each (re)connect is always applied, because
 * it is the server's answer to "what did I miss".
 */
export class StationState {
  snapshot = $state.raw<Station | null>(null);
  connection = $state<ConnectionStatus>('connecting');
  retryAt = $state<number | null>(null);
  loadError = $state<string | null>(null);

  #lastSeq = -1;
  #source: EventSource | null = null;
  #attempt = 0;
  #awaitingSnapshot = true;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #resyncTimer: ReturnType<typeof setTimeout> | null = null;
  #resyncCount = 0;
  #trackListeners = new Set<TrackListener>();
  #snapshotListeners = new Set<SnapshotListener>();

  get nowPlaying() {
    return this.snapshot?.now_playing ?? null;
  }

  get upNext(): Track[] {
    return this.snapshot?.up_next ?? [];
  }

  get generating(): Track[] {
    return this.snapshot?.generating ?? [];
  }

  get history(): Track[] {
    return this.snapshot?.history ?? [];
  }

  get listeners(): number {
    return this.snapshot?.listeners ?? 0;
  }

  get paused(): boolean {
    return this.snapshot?.station.paused ?? false;
  }

  start(): void {
    clock.start();
    this.#connect();
    this.#scheduleResync();
  }

  stop(): void {
    this.#source?.close();
    this.#source = null;
    clearTimeout(this.#reconnectTimer ?? undefined);
    clearTimeout(this.#resyncTimer ?? undefined);
  }

  /** Called with every track a `queue_update` carries. Returns an unsubscribe function. */
  onTrack(listener: TrackListener): () => void {
    this.#trackListeners.add(listener);

    return () => this.#trackListeners.delete(listener);
  }

  /** `fresh` is true for the first snapshot after a (re)connect. */
  onSnapshot(listener: SnapshotListener): () => void {
    this.#snapshotListeners.add(listener);

    return () => this.#snapshotListeners.delete(listener);
  }

  /** Fetches the snapshot over HTTP: measures the clock offset and fills gaps in the stream. */
  async refresh(): Promise<void> {
    const sentAt = Date.now();

    try {
      const station = await getStation();

      clock.addRoundTrip(sentAt, Date.now(), station.server_time);
      this.loadError = null;

      // Compare station seq with station seq: the stream's own seq counts events, not states.
      if (!this.snapshot || station.seq > this.snapshot.seq) {
        this.snapshot = station;
        this.#snapshotListeners.forEach((listener) => listener(station, false));
      }
    } catch (error) {
      if (!this.snapshot) {
        this.loadError = (error as Error).message;
      }
    }
  }

  #connect(): void {
    this.#source?.close();
    this.#awaitingSnapshot = true;

    const source = new EventSource(EVENTS_URL);

    this.#source = source;
    source.addEventListener('snapshot', (event) => this.#onSnapshot(event as MessageEvent));
    source.addEventListener('station_update', (event) => this.#onSnapshot(event as MessageEvent));
    source.addEventListener('queue_update', (event) => this.#onQueueUpdate(event as MessageEvent));
    source.addEventListener('error', () => this.#onError(source));
  }

  #onError(source: EventSource): void {
    if (source !== this.#source) {
      return;
    }

    // The browser's own retry has no backoff and no jitter, so take over.
    source.close();
    this.#source = null;
    this.connection = 'reconnecting';

    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.#attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);

    this.#attempt += 1;
    this.retryAt = Date.now() + delay;
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #parse<T extends { seq: number; server_time: string }>(event: MessageEvent): T | null {
    try {
      const data = JSON.parse(event.data as string) as T;

      clock.addPush(data.server_time);

      return data;
    } catch {
      return null;
    }
  }

  #onSnapshot(event: MessageEvent): void {
    const data = this.#parse<SnapshotEvent>(event);

    if (!data?.snapshot) {
      return;
    }

    const fresh = this.#awaitingSnapshot && event.type === 'snapshot';

    if (!fresh && data.seq < this.#lastSeq) {
      return;
    }

    if (fresh) {
      this.#awaitingSnapshot = false;
      this.#attempt = 0;
      this.retryAt = null;
      this.connection = 'live';
      this.loadError = null;
    }

    this.#apply(data.snapshot, data.seq, fresh);
  }

  #onQueueUpdate(event: MessageEvent): void {
    const data = this.#parse<QueueUpdateEvent>(event);

    if (!data || data.seq < this.#lastSeq) {
      return;
    }

    if (data.snapshot) {
      this.#apply(data.snapshot, data.seq, false);
    }

    if (data.track) {
      this.#trackListeners.forEach((listener) => listener(data.track));
    }
  }

  #apply(station: Station, seq: number, fresh: boolean): void {
    this.#lastSeq = seq;
    this.snapshot = station;
    this.#snapshotListeners.forEach((listener) => listener(station, fresh));
  }

  #scheduleResync(): void {
    const delay = RESYNC_DELAYS_MS[this.#resyncCount] ?? RESYNC_INTERVAL_MS;

    this.#resyncTimer = setTimeout(async () => {
      this.#resyncCount += 1;
      await this.refresh();
      this.#scheduleResync();
    }, delay);
  }
}
