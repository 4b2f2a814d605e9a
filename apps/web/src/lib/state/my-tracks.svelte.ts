import { getUserTracks } from '../api/client';
import type { Station, Track } from '../api/types';

function stationTracks(station: Station): Track[] {
  const playing = station.now_playing ? [station.now_playing.track] : [];

  return [...playing, ...station.up_next, ...station.generating, ...station.history];
}

function differs(a: Track, b: Track): boolean {
  return (
    a.status !== b.status ||
    a.audio_url !== b.audio_url ||
    (b.expected_start_at !== undefined && a.expected_start_at !== b.expected_start_at)
  );
}

/** The signed-in listener's requests, kept live from the station stream. */
export class MyTracksState {
  tracks = $state.raw<Track[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  #userId: string | null = null;

  async load(userId: string | null): Promise<void> {
    this.#userId = userId;

    if (!userId) {
      this.tracks = [];

      return;
    }

    this.loading = true;

    try {
      const tracks = await getUserTracks(userId);

      if (this.#userId === userId) {
        this.tracks = tracks;
        this.error = null;
      }
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.loading = false;
    }
  }

  reload(): Promise<void> {
    return this.load(this.#userId);
  }

  upsert(track: Track): void {
    if (!this.#userId || track.user_id !== this.#userId) {
      return;
    }

    const index = this.tracks.findIndex((t) => t.id === track.id);

    if (index === -1) {
      this.tracks = [track, ...this.tracks];

      return;
    }

    this.tracks = this.tracks.map((t, i) => (i === index ? { ...t, ...track } : t));
  }

  /** Picks up status changes of my tracks that appear in a station snapshot. */
  mergeSnapshot(station: Station): void {
    const known = new Map(this.tracks.map((t) => [t.id, t]));
    let changed = false;

    for (const track of stationTracks(station)) {
      const mine = known.get(track.id);

      if (mine && differs(mine, track)) {
        known.set(track.id, { ...mine, ...track });
        changed = true;
      }
    }

    if (changed) {
      this.tracks = this.tracks.map((t) => known.get(t.id) ?? t);
    }
  }
}
