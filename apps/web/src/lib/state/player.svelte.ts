import { parseTime } from '../format';
import { clock } from './clock.svelte';
import type { StationState } from './station.svelte';

const DRIFT_LIMIT_S = 1;
const LOOP_MS = 250;
const ERROR_RETRY_MS = 5_000;
const VOLUME_KEY = 'radio402.volume';
const LISTEN_KEY = 'radio402.listening';

interface Target {
  url: string;
  start: number;
  end: number;
  nextUrl: string | null;
}

/**
 * Plays the station in step with the server clock on two decks: one on air, one preloading the
 * next track so the switch at `ends_at` has no gap.
 */
export class Player {
  wantPlaying = $state(false);
  playing = $state(false);
  buffering = $state(false);
  blocked = $state(false);
  volume = $state(0.8);
  muted = $state(false);
  problem = $state<string | null>(null);

  #station: StationState;
  #stationName: () => string;
  #decks: HTMLAudioElement[] = [];
  #urls = new WeakMap<HTMLAudioElement, string>();
  #active: HTMLAudioElement | null = null;
  #loop: ReturnType<typeof setInterval> | null = null;
  #edgeTimer: ReturnType<typeof setTimeout> | null = null;
  #edgeAt = 0;
  #metadataFor: string | null = null;

  constructor(station: StationState, stationName: () => string) {
    this.#station = station;
    this.#stationName = stationName;

    // Like a radio left switched on: try to play unless this listener last pressed pause.
    this.wantPlaying = localStorage.getItem(LISTEN_KEY) !== 'off';

    const saved = Number(localStorage.getItem(VOLUME_KEY));

    if (localStorage.getItem(VOLUME_KEY) !== null && saved >= 0 && saved <= 1) {
      this.volume = saved;
    }
  }

  attach(decks: HTMLAudioElement[]): () => void {
    this.#decks = decks;

    for (const deck of decks) {
      deck.volume = this.volume;
      deck.addEventListener('error', () => this.#onDeckError(deck));
      deck.addEventListener('loadedmetadata', () => this.sync());
    }

    this.#registerMediaSession();
    this.#loop = setInterval(() => this.sync(), LOOP_MS);
    this.sync();

    return () => this.detach();
  }

  detach(): void {
    clearInterval(this.#loop ?? undefined);
    clearTimeout(this.#edgeTimer ?? undefined);
    this.#decks.forEach((deck) => deck.pause());
    this.#decks = [];
  }

  /** Must run inside the click handler: browsers only allow sound after a user gesture. */
  toggle(): void {
    if (this.wantPlaying && !this.blocked) {
      this.wantPlaying = false;
    } else {
      this.wantPlaying = true;
      this.blocked = false;
    }

    localStorage.setItem(LISTEN_KEY, this.wantPlaying ? 'on' : 'off');
    this.sync();
  }

  setVolume(volume: number): void {
    this.volume = Math.min(1, Math.max(0, volume));
    this.muted = this.volume === 0;
    localStorage.setItem(VOLUME_KEY, String(this.volume));
    this.#decks.forEach((deck) => {
      deck.volume = this.volume;
      deck.muted = false;
    });
  }

  toggleMute(): void {
    this.muted = !this.muted;
    this.#decks.forEach((deck) => (deck.muted = this.muted));
  }

  /** Brings the decks in line with the station: right track, right position. */
  sync(): void {
    const target = this.#target();

    this.#updateMetadata();

    if (!target || !this.wantPlaying || this.#station.paused || this.#decks.length < 2) {
      this.#decks.forEach((deck) => deck.pause());
      this.#preload(target?.nextUrl ?? null, null);
      this.#setState(false);

      return;
    }

    const now = clock.exactNow();
    const deck = this.#deckFor(target.url, target.nextUrl);
    const position = (now - target.start) / 1000;

    this.#armEdge(target.end, now);
    this.#preload(target.nextUrl, deck);
    this.#decks.filter((d) => d !== deck).forEach((d) => d.pause());
    this.#active = deck;

    if (position < 0 || now >= target.end) {
      deck.pause();
      this.#setState(false);

      return;
    }

    if (deck.readyState < HTMLMediaElement.HAVE_METADATA) {
      // Becomes the start position once the file loads, so nobody hears its first moments,
      // then a jump. play() still runs now, inside the click that allows sound.
      deck.currentTime = position;
    } else if (!deck.seeking && Math.abs(deck.currentTime - position) > DRIFT_LIMIT_S) {
      deck.currentTime = Math.min(position, deck.duration || position);
    }

    if (deck.paused && !this.blocked) {
      deck.play().then(
        () => (this.problem = null),
        (error: DOMException) => {
          if (error.name === 'NotAllowedError') {
            this.blocked = true;
          }
        },
      );
    }

    this.#setState(!deck.paused, deck.readyState < HTMLMediaElement.HAVE_FUTURE_DATA);
  }

  #target(): Target | null {
    const np = this.#station.nowPlaying;

    if (!np?.audio_url) {
      return null;
    }

    const next = this.#station.upNext.find((t) => t.audio_url);
    const start = parseTime(np.started_at);
    const end = parseTime(np.ends_at);

    // Past ends_at the server is about to announce the next track: play it now, without a gap.
    if (clock.exactNow() >= end && next?.audio_url) {
      return {
        url: next.audio_url,
        start: end,
        end: end + next.duration_seconds * 1000,
        nextUrl: null,
      };
    }

    return { url: np.audio_url, start, end, nextUrl: next?.audio_url ?? null };
  }

  #deckFor(url: string, nextUrl: string | null): HTMLAudioElement {
    const loaded = this.#decks.find((deck) => this.#urls.get(deck) === url);

    if (loaded) {
      return loaded;
    }

    const free =
      this.#decks.find((deck) => deck === this.#active && this.#urls.get(deck) !== nextUrl) ??
      this.#decks.find((deck) => this.#urls.get(deck) !== nextUrl) ??
      this.#decks[0];

    this.#load(free, url);

    return free;
  }

  #preload(url: string | null, onAir: HTMLAudioElement | null): void {
    if (!url || this.#decks.some((deck) => this.#urls.get(deck) === url)) {
      return;
    }

    const spare = this.#decks.find((deck) => deck !== onAir);

    if (spare) {
      this.#load(spare, url);
    }
  }

  #load(deck: HTMLAudioElement, url: string): void {
    this.#urls.set(deck, url);
    deck.preload = 'auto';
    deck.src = url;
    deck.load();
  }

  /** The loop ticks every 250 ms; a dedicated timer makes the switch land on `ends_at`. */
  #armEdge(end: number, now: number): void {
    const msToEnd = end - now;

    if (msToEnd <= 0 || msToEnd > LOOP_MS * 4 || this.#edgeAt === end) {
      return;
    }

    clearTimeout(this.#edgeTimer ?? undefined);
    this.#edgeAt = end;
    this.#edgeTimer = setTimeout(() => this.sync(), msToEnd);
  }

  #setState(playing: boolean, buffering = false): void {
    this.playing = playing;
    this.buffering = playing && buffering;

    if ('mediaSession' in navigator) {
      navigator.mediaSession.playbackState = this.wantPlaying ? 'playing' : 'paused';
    }
  }

  #onDeckError(deck: HTMLAudioElement): void {
    if (!this.#urls.get(deck) || deck !== this.#active) {
      return;
    }

    this.problem = 'The audio stream hiccuped. Trying again…';
    this.#urls.delete(deck);
    deck.removeAttribute('src');
    setTimeout(() => this.sync(), ERROR_RETRY_MS);
  }

  #registerMediaSession(): void {
    if (!('mediaSession' in navigator)) {
      return;
    }

    navigator.mediaSession.setActionHandler('play', () => {
      this.wantPlaying = true;
      this.blocked = false;
      this.sync();
    });
    navigator.mediaSession.setActionHandler('pause', () => {
      this.wantPlaying = false;
      this.sync();
    });
  }

  #updateMetadata(): void {
    const np = this.#station.nowPlaying;

    if (!('mediaSession' in navigator) || !np || this.#metadataFor === np.track.id) {
      return;
    }

    this.#metadataFor = np.track.id;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: np.prompt,
      artist: np.requester,
      album: this.#stationName(),
    });
  }
}
