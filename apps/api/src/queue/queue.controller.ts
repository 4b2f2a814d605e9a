import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiOkResponse,
  ApiPaymentRequiredResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { encodePaymentRequired, encodePaymentResponse } from '@radio402/payments';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TrackListResponseDto, TrackResponseDto } from '../tracks/track.dto.js';
import { UserIdParamDto } from '../users/dto/user.dto.js';
import {
  ConfirmPaymentDto,
  PaymentChallengeDto,
  QueueOverviewDto,
  QuoteDto,
  QuoteQueryDto,
  SubmitTrackDto,
  TrackIdParamDto,
} from './dto/queue.dto.js';
import { WriteRateLimit } from '../security/rate-limit.guard.js';
import { QueueService, type PaymentHeader } from './queue.service.js';

@ApiTags('queue')
@Controller()
export class QueueController {
  constructor(private readonly queue: QueueService) {}

  @Get('queue/quote')
  @ApiOkResponse({ type: QuoteDto })
  quote(@Query() query: QuoteQueryDto): QuoteDto {
    return this.queue.quote(query.duration_seconds);
  }

  @Post('queue/submit')
  @WriteRateLimit()
  @ApiHeader({ name: 'PAYMENT-SIGNATURE', required: false, description: 'x402 v2 payment' })
  @ApiHeader({ name: 'X-PAYMENT', required: false, description: 'x402 v1 payment' })
  @ApiPaymentRequiredResponse({ type: PaymentChallengeDto, description: 'Pay to continue' })
  @ApiResponse({ status: 202, type: TrackResponseDto, description: 'Paid in this request' })
  @ApiResponse({ status: 201, type: TrackResponseDto, description: 'Payments are disabled' })
  @ApiBadRequestResponse({ description: 'Invalid prompt, duration or user' })
  async submit(
    @Body() body: SubmitTrackDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const resourceUrl = `${request.protocol}://${request.host}${request.url.split('?')[0]}`;
    const outcome = await this.queue.submit(body, resourceUrl, paymentHeader(request));

    switch (outcome.kind) {
      case 'challenge':
        reply
          .status(402)
          .header('PAYMENT-REQUIRED', encodePaymentRequired(outcome.paymentRequired));

        return {
          ...outcome.paymentRequired,
          track_id: outcome.trackId,
          expires_at: outcome.expiresAt.toISOString(),
          price_usd: outcome.priceUsd,
        };
      case 'paid':
        reply.status(202);
        if (outcome.settlement) {
          reply.header('PAYMENT-RESPONSE', encodePaymentResponse(outcome.settlement));
        }

        return { track: outcome.track };
      case 'free':
        reply.status(201);

        return { track: outcome.track };
    }
  }

  @Post('queue/confirm')
  @WriteRateLimit()
  @HttpCode(200)
  @ApiOkResponse({ type: TrackResponseDto })
  @ApiPaymentRequiredResponse({ description: 'The proof was refused; the message says why' })
  @ApiConflictResponse({ description: 'Already paid by another proof, or not awaiting payment' })
  @ApiGoneResponse({ description: 'The challenge expired' })
  async confirm(@Body() body: ConfirmPaymentDto): Promise<TrackResponseDto> {
    return { track: await this.queue.confirm(body.track_id, body.payment_proof) };
  }

  @Get('queue')
  @ApiOkResponse({ type: QueueOverviewDto })
  overview(): Promise<QueueOverviewDto> {
    return this.queue.overview();
  }

  @Get('queue/:track_id')
  @ApiOkResponse({ type: TrackResponseDto })
  async track(@Param() params: TrackIdParamDto): Promise<TrackResponseDto> {
    return { track: await this.queue.getTrack(params.track_id) };
  }

  @Get('users/:id/tracks')
  @ApiOkResponse({ type: TrackListResponseDto })
  async userTracks(@Param() params: UserIdParamDto): Promise<TrackListResponseDto> {
    return { tracks: await this.queue.listForUser(params.id) };
  }
}

function paymentHeader(request: FastifyRequest): PaymentHeader | undefined {
  const v2 = request.headers['payment-signature'];
  if (typeof v2 === 'string' && v2.length > 0) return { value: v2, version: 2 };
  const v1 = request.headers['x-payment'];
  if (typeof v1 === 'string' && v1.length > 0) return { value: v1, version: 1 };

  return undefined;
}
