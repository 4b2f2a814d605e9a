import { confirmPayment, createMockProof } from '../api/client';
import type { PaymentChallenge, Track } from '../api/types';
import { payWithInjectedWallet } from '../api/wallet';
import { parseTime } from '../format';
import { clock } from './clock.svelte';
import {
  describeConfirmError,
  describeMockProofError,
  type PaymentProblem,
} from './payment-errors';

export type PaymentBusy = 'idle' | 'mock' | 'wallet' | 'confirming';

/** One open payment challenge: the proof being built and its confirmation. */
export class PaymentSession {
  proof = $state('');
  busy = $state<PaymentBusy>('idle');
  problem = $state.raw<PaymentProblem | null>(null);
  readonly challenge: PaymentChallenge;

  constructor(challenge: PaymentChallenge) {
    this.challenge = challenge;
  }

  get trackId(): string {
    return this.challenge.track_id;
  }

  get requirement() {
    return this.challenge.accepts[0];
  }

  get expiresAt(): number {
    return parseTime(this.challenge.expires_at);
  }

  get remainingMs(): number {
    return this.expiresAt - clock.now;
  }

  get expired(): boolean {
    return this.remainingMs <= 0 || this.problem?.kind === 'expired';
  }

  get canConfirm(): boolean {
    return this.busy === 'idle' && !this.expired && this.proof.trim().length > 0;
  }

  async generateMockProof(): Promise<void> {
    await this.#run(
      'mock',
      async () => {
        this.proof = await createMockProof(this.trackId);
      },
      describeMockProofError,
    );
  }

  async payWithWallet(): Promise<void> {
    await this.#run(
      'wallet',
      async () => {
        this.proof = await payWithInjectedWallet(this.challenge);
      },
      (error) => ({ message: (error as Error).message, kind: 'retry' }),
    );
  }

  /** Resolves to the paid track, or null when the payment was not accepted. */
  async confirm(): Promise<Track | null> {
    let track: Track | null = null;

    await this.#run(
      'confirming',
      async () => {
        track = await confirmPayment(this.trackId, this.proof.trim());
      },
      describeConfirmError,
    );

    return track;
  }

  async #run(
    busy: PaymentBusy,
    task: () => Promise<void>,
    describe: (error: unknown) => PaymentProblem,
  ): Promise<void> {
    if (this.busy !== 'idle') {
      return;
    }

    this.busy = busy;
    this.problem = null;

    try {
      await task();
    } catch (error) {
      this.problem = describe(error);
    } finally {
      this.busy = 'idle';
    }
  }
}
