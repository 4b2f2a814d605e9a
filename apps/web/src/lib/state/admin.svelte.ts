import {
  adminAction,
  adminRemoveTrack,
  adminRetryTrack,
  adminStats,
  adminTracks,
  ApiError,
} from '../api/client';
import type { AdminStats, Track } from '../api/types';

const TOKEN_KEY = 'radio402.admin_token';

export type AdminAccess = 'signed-out' | 'checking' | 'granted';

/** Operator controls behind the admin token, which lives only for this browser tab. */
export class AdminState {
  token = $state('');
  access = $state<AdminAccess>('signed-out');
  stats = $state.raw<AdminStats | null>(null);
  failed = $state.raw<Track[]>([]);
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  async restore(): Promise<void> {
    const saved = sessionStorage.getItem(TOKEN_KEY);

    if (saved) {
      this.token = saved;
      await this.signIn();
    }
  }

  async signIn(): Promise<void> {
    if (!this.token.trim()) {
      this.error = 'Enter the admin token.';

      return;
    }

    this.access = 'checking';
    this.error = null;

    try {
      await this.#load();
      sessionStorage.setItem(TOKEN_KEY, this.token.trim());
      this.access = 'granted';
    } catch (error) {
      this.access = 'signed-out';
      this.error = this.#describe(error, true);
    }
  }

  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    this.token = '';
    this.stats = null;
    this.failed = [];
    this.access = 'signed-out';
  }

  async refresh(): Promise<void> {
    if (this.access !== 'granted') {
      return;
    }

    try {
      await this.#load();
    } catch (error) {
      this.#handle(error);
    }
  }

  advance(): Promise<void> {
    return this.#act('advance', 'Skipped to the next track.', () =>
      adminAction(this.token, 'advance'),
    );
  }

  pause(): Promise<void> {
    return this.#act('pause', 'Station paused.', () => adminAction(this.token, 'pause'));
  }

  resume(): Promise<void> {
    return this.#act('resume', 'Station resumed.', () => adminAction(this.token, 'resume'));
  }

  remove(track: Track): Promise<void> {
    return this.#act(`remove:${track.id}`, 'Track removed.', () =>
      adminRemoveTrack(this.token, track.id),
    );
  }

  retry(track: Track): Promise<void> {
    return this.#act(`retry:${track.id}`, 'Track sent back for generation.', () =>
      adminRetryTrack(this.token, track.id),
    );
  }

  async #act(key: string, done: string, action: () => Promise<void>): Promise<void> {
    this.busy = key;
    this.error = null;
    this.notice = null;

    try {
      await action();
      this.notice = done;
      await this.#load().catch(() => undefined);
    } catch (error) {
      this.#handle(error);
    } finally {
      this.busy = null;
    }
  }

  async #load(): Promise<void> {
    const token = this.token.trim();
    const [stats, failed] = await Promise.all([
      adminStats(token),
      adminTracks(token, 'FAILED').catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          throw error;
        }

        return [] as Track[];
      }),
    ]);

    this.stats = stats;
    this.failed = failed;
  }

  #handle(error: unknown): void {
    this.error = this.#describe(error, false);

    if (error instanceof ApiError && error.status === 401) {
      this.access = 'signed-out';
      sessionStorage.removeItem(TOKEN_KEY);
    }
  }

  #describe(error: unknown, signingIn: boolean): string {
    if (error instanceof ApiError && error.status === 401) {
      return 'That admin token was not accepted.';
    }

    if (signingIn && error instanceof ApiError && error.status === 404) {
      return 'Admin controls are switched off on this server (no ADMIN_TOKEN is set).';
    }

    return (error as Error).message;
  }
}
