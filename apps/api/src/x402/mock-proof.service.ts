import { Injectable, Logger } from '@nestjs/common';
import type { PaymentRequirements } from '@radio402/payments';
import { AppConfig } from '../config/app-config.js';
import {
  PaymentsDisabledError,
  TrackNotFoundError,
  TrackNotPayableError,
} from '../queue/queue.errors.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import { PaymentAuditRepository } from './payment-audit.repository.js';
import { PaymentGateway } from './payment-gateway.js';

/** Mock mode only: signs a real EIP-3009 authorization for a track's own challenge. */
@Injectable()
export class MockProofService {
  private readonly logger = new Logger(MockProofService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly gateway: PaymentGateway,
    private readonly tracks: TracksRepository,
    private readonly audit: PaymentAuditRepository,
  ) {}

  async sign(trackId: string): Promise<string> {
    if (!this.config.x402.enabled || this.gateway.mode !== 'mock') {
      throw new PaymentsDisabledError('POST /api/x402/mock-proof');
    }
    const track = await this.tracks.findById(trackId);
    if (!track) throw new TrackNotFoundError(trackId);
    if (track.status !== 'PENDING_PAYMENT' || !track.x402_challenge_requirements) {
      throw new TrackNotPayableError(trackId, track.status);
    }

    const requirements = track.x402_challenge_requirements as PaymentRequirements;
    const payer = this.gateway.mockPayer();
    const proof = await payer.createProof(
      this.gateway.paymentRequired(requirements, '/api/queue/submit', `Track ${trackId}`),
    );
    await this.audit.record({
      trackId,
      event: 'proof_generated',
      payer: payer.address.toLowerCase(),
      detail: { amount: requirements.amount, network: requirements.network },
    });
    this.logger.log({ msg: 'Mock payment proof has been signed', track_id: trackId });

    return proof;
  }
}
