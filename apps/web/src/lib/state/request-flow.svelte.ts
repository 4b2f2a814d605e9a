import { getQuote, submitTrack } from '../api/client';
import type { PaymentChallenge, Quote, Track } from '../api/types';
import type { IdentityState } from './identity.svelte';
import type { MyTracksState } from './my-tracks.svelte';
import { PaymentSession } from './payment-session.svelte';

export const PROMPT_MIN = 3;
export const PROMPT_MAX = 500;

export type RequestBusy = 'idle' | 'quoting' | 'submitting';

/** The request form: prompt, duration, price quote, submit, and the payment it may lead to. */
export class RequestFlow {
  prompt = $state('');
  duration = $state(60);
  quote = $state.raw<Quote | null>(null);
  busy = $state<RequestBusy>('idle');
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  payment = $state.raw<PaymentSession | null>(null);

  /** Challenges of this tab's unpaid requests, so "Pay now" can reopen them. */
  #challenges = new Map<string, PaymentChallenge>();
  #lastSubmission: { prompt: string; duration: number } | null = null;

  private readonly identity: IdentityState;
  private readonly myTracks: MyTracksState;

  constructor(identity: IdentityState, myTracks: MyTracksState) {
    this.identity = identity;
    this.myTracks = myTracks;
  }

  get promptLength(): number {
    return this.prompt.trim().length;
  }

  get promptValid(): boolean {
    return this.promptLength >= PROMPT_MIN && this.promptLength <= PROMPT_MAX;
  }

  get quoteIsCurrent(): boolean {
    return this.quote?.duration_seconds === this.duration;
  }

  setDuration(seconds: number): void {
    this.duration = seconds;

    if (!this.quoteIsCurrent) {
      this.quote = null;
    }
  }

  useDefaultDuration(durations: number[]): void {
    if (durations.length && !durations.includes(this.duration)) {
      this.duration = durations.includes(60) ? 60 : durations[0];
    }
  }

  async fetchQuote(): Promise<void> {
    this.busy = 'quoting';
    this.error = null;

    try {
      this.quote = await getQuote(this.duration);
    } catch (error) {
      this.error = `We couldn't get a price. ${(error as Error).message}`;
    } finally {
      this.busy = 'idle';
    }
  }

  async submit(): Promise<void> {
    const userId = this.identity.userId;

    if (!userId) {
      this.error = 'Choose a display name first, so the station knows who asked.';

      return;
    }

    if (!this.promptValid) {
      this.error = `Describe your track in ${PROMPT_MIN} to ${PROMPT_MAX} characters.`;

      return;
    }

    await this.#submit(this.prompt.trim(), this.duration, userId);
  }

  /** After a challenge expired: ask again with the same prompt and duration. */
  async resubmit(): Promise<void> {
    const last = this.#lastSubmission;
    const userId = this.identity.userId;

    if (last && userId) {
      this.payment = null;
      await this.#submit(last.prompt, last.duration, userId);
    }
  }

  canReopen(trackId: string): boolean {
    return this.#challenges.has(trackId);
  }

  reopen(trackId: string): void {
    const challenge = this.#challenges.get(trackId);

    if (challenge) {
      this.payment = new PaymentSession(challenge);
    }
  }

  closePayment(): void {
    this.payment = null;
  }

  async confirmPayment(): Promise<Track | null> {
    const session = this.payment;

    if (!session) {
      return null;
    }

    const track = await session.confirm();

    if (track) {
      this.#challenges.delete(track.id);
      this.myTracks.upsert(track);
      this.payment = null;
      this.prompt = '';
      this.quote = null;
      this.notice = 'Payment confirmed. Your track is being made. Watch it in My tracks.';
    }

    return track;
  }

  async #submit(prompt: string, duration: number, userId: string): Promise<void> {
    this.busy = 'submitting';
    this.error = null;
    this.notice = null;
    this.#lastSubmission = { prompt, duration };

    try {
      const result = await submitTrack({ prompt, duration_seconds: duration, user_id: userId });

      if (result.kind === 'queued') {
        this.myTracks.upsert(result.track);
        this.notice = 'Request accepted. Your track is in the queue.';
        this.prompt = '';

        return;
      }

      this.#challenges.set(result.challenge.track_id, result.challenge);
      this.payment = new PaymentSession(result.challenge);
      void this.myTracks.reload();
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = 'idle';
    }
  }
}
