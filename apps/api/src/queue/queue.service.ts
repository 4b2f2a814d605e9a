import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { decodePaymentProof, type PaymentRequired, type SettleResponse } from '@radio402/payments';
import { InvalidInputError } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { GenerationQueue } from '../generation/generation.queue.js';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import type { TrackDto } from '../tracks/track.dto.js';
import { toTrackDto } from '../tracks/track.mapper.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import { UsersService } from '../users/users.service.js';
import { PaymentAuditRepository } from '../x402/payment-audit.repository.js';
import { PaymentConfirmationService } from '../x402/payment-confirmation.service.js';
import { PaymentGateway } from '../x402/payment-gateway.js';
import type { QuoteDto, SubmitTrackDto } from './dto/queue.dto.js';
import { TrackNotFoundError } from './queue.errors.js';

export interface PaymentHeader {
  value: string;
  version: 1 | 2;
}

export type SubmitOutcome =
  | {
      kind: 'challenge';
      trackId: string;
      paymentRequired: PaymentRequired;
      expiresAt: Date;
      priceUsd: string;
    }
  | { kind: 'paid'; track: TrackDto; settlement?: SettleResponse }
  | { kind: 'free'; track: TrackDto };

@Injectable()
export class QueueService {
  private readonly logger = new Logger(QueueService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tracks: TracksRepository,
    private readonly audit: PaymentAuditRepository,
    private readonly gateway: PaymentGateway,
    private readonly confirmation: PaymentConfirmationService,
    private readonly queue: GenerationQueue,
    private readonly events: RealtimeEvents,
  ) {}

  quote(durationSeconds: number): QuoteDto {
    this.assertAllowedDuration(durationSeconds);
    const { amount, priceUsd } = this.gateway.quote(durationSeconds);

    return {
      duration_seconds: durationSeconds,
      price_usd: priceUsd,
      amount: amount.toString(),
      asset: this.gateway.network.usdcAddress,
      network: this.gateway.network.caip2,
    };
  }

  /** Validates everything, then asks for money (or takes it, with a payment header). */
  async submit(dto: SubmitTrackDto, resourceUrl: string, header?: PaymentHeader) {
    this.assertAllowedDuration(dto.duration_seconds);
    if (!(await this.users.exists(dto.user_id))) {
      throw new InvalidInputError(`user_id ${dto.user_id} does not match any user`);
    }
    const trackId = randomUUID();
    this.logger.log({ msg: 'queue/submit request', track_id: trackId, user_id: dto.user_id });
    const { amount, priceUsd } = this.gateway.quote(dto.duration_seconds);
    const base = {
      id: trackId,
      user_id: dto.user_id,
      prompt: dto.prompt,
      duration_seconds: dto.duration_seconds,
      price_usd: priceUsd,
      price_amount: amount,
    };

    if (!this.config.x402.enabled) {
      await this.tracks.create({ ...base, status: 'PAID', paid_at: new Date() });

      await this.queue.enqueueOrDefer(trackId);

      return {
        kind: 'free',
        track: (await this.events.publishTrack(trackId))!,
      } satisfies SubmitOutcome;
    }

    const requirements = this.gateway.requirementsFor(amount);
    // A malformed payment header is refused before anything is written.
    const payload = header ? decodePaymentProof(header.value, requirements) : undefined;
    const expiresAt = new Date(Date.now() + this.config.x402.challengeTtlSeconds * 1000);
    await this.tracks.create({
      ...base,
      status: 'PENDING_PAYMENT',
      x402_challenge_amount: requirements.amount,
      x402_challenge_asset: requirements.asset,
      x402_challenge_network: requirements.network,
      x402_challenge_pay_to: requirements.payTo,
      x402_challenge_id: randomUUID(),
      x402_challenge_expires_at: expiresAt,
      x402_challenge_requirements: JSON.stringify(requirements),
    });
    await this.audit.record({
      trackId,
      event: 'challenge_issued',
      detail: {
        amount: requirements.amount,
        network: requirements.network,
        pay_to: requirements.payTo,
      },
    });

    if (payload) {
      const paid = await this.confirmation.confirm(trackId, payload);

      return {
        kind: 'paid',
        track: paid.track,
        settlement: paid.settlement,
      } satisfies SubmitOutcome;
    }

    await this.events.publishTrack(trackId);
    const description = `A ${dto.duration_seconds}-second track on ${this.config.station.name}`;

    return {
      kind: 'challenge',
      trackId,
      paymentRequired: this.gateway.paymentRequired(requirements, resourceUrl, description),
      expiresAt,
      priceUsd,
    } satisfies SubmitOutcome;
  }

  async confirm(trackId: string, proof: string): Promise<TrackDto> {
    return (await this.confirmation.confirmProof(trackId, proof)).track;
  }

  async getTrack(trackId: string): Promise<TrackDto> {
    const track = await this.tracks.findWithRequester(trackId);
    if (!track) throw new TrackNotFoundError(trackId);

    return toTrackDto(track);
  }

  async listForUser(userId: string): Promise<TrackDto[]> {
    await this.users.get(userId);

    return (await this.tracks.listByUser(userId)).map(toTrackDto);
  }

  async overview() {
    const rows = await this.tracks.listByStatus(['PAID', 'GENERATING', 'READY'], 300);
    const of = (status: string) => rows.filter((row) => row.status === status).map(toTrackDto);

    return { paid: of('PAID'), generating: of('GENERATING'), ready: of('READY') };
  }

  private assertAllowedDuration(seconds: number) {
    const allowed = this.config.price.allowedDurations;
    if (!allowed.includes(seconds)) {
      throw new InvalidInputError(`duration_seconds must be one of ${allowed.join(', ')}`);
    }
  }
}
