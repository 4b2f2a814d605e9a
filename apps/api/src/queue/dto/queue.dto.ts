import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsNotEmpty, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Trim } from '../../common/trim.transform.js';
import { TrackDto } from '../../tracks/track.dto.js';

// class-validator runs the lowest decorator first; stopAtFirstError keeps the first failure.

export class QuoteQueryDto {
  @ApiProperty({ example: 60 })
  @IsInt({ message: 'duration_seconds must be a whole number of seconds' })
  @Type(() => Number)
  @IsDefined({ message: 'duration_seconds is required' })
  duration_seconds: number;
}

export class QuoteDto {
  @ApiProperty() duration_seconds: number;
  @ApiProperty({ example: '0.70' }) price_usd: string;
  @ApiProperty({ example: '700000', description: 'Atomic USDC (6 decimals)' }) amount: string;
  @ApiProperty({ description: 'USDC contract address' }) asset: string;
  @ApiProperty({ example: 'eip155:84532' }) network: string;
}

export class SubmitTrackDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Dreamy lo-fi instrumental' })
  @Trim()
  @Length(3, 500, { message: 'prompt must be 3-500 characters after trimming' })
  @IsString({ message: 'prompt must be a string' })
  @IsDefined({ message: 'prompt is required' })
  prompt: string;

  @ApiProperty({ example: 60 })
  @IsInt({ message: 'duration_seconds must be a whole number of seconds' })
  @IsDefined({ message: 'duration_seconds is required' })
  duration_seconds: number;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'user_id must be a UUID' })
  @IsDefined({ message: 'user_id is required' })
  user_id: string;
}

export class ConfirmPaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'track_id must be a UUID' })
  @IsDefined({ message: 'track_id is required' })
  track_id: string;

  @ApiProperty({ description: 'Base64 x402 PaymentPayload' })
  @MaxLength(16_384, { message: 'payment_proof is too long' })
  @IsNotEmpty({ message: 'payment_proof must not be empty' })
  @IsString({ message: 'payment_proof must be a string' })
  @IsDefined({ message: 'payment_proof is required' })
  payment_proof: string;
}

export class TrackIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'track_id must be a UUID' })
  track_id: string;
}

export class MockProofRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'track_id must be a UUID' })
  @IsDefined({ message: 'track_id is required' })
  track_id: string;
}

export class MockProofDto {
  @ApiProperty({ description: 'Base64 x402 PaymentPayload signed by the dev payer' })
  payment_proof: string;
}

export class PaymentChallengeDto {
  @ApiProperty({ example: 2 }) x402Version: number;
  @ApiProperty() error: string;
  @ApiProperty({
    allOf: [
      {
        type: 'object',
        required: ['url'],
        properties: {
          url: { type: 'string' },
          description: { type: 'string' },
          mimeType: { type: 'string' },
        },
      },
    ],
  })
  resource: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      description: 'x402 v2 PaymentRequirements',
      required: ['scheme', 'network', 'amount', 'asset', 'payTo', 'maxTimeoutSeconds', 'extra'],
      properties: {
        scheme: { type: 'string', example: 'exact' },
        network: { type: 'string', example: 'eip155:84532' },
        amount: { type: 'string', example: '700000', description: 'Atomic units of the asset' },
        asset: { type: 'string', description: 'Token contract address' },
        payTo: { type: 'string' },
        maxTimeoutSeconds: { type: 'integer' },
        extra: {
          type: 'object',
          additionalProperties: true,
          description: 'EIP-712 name and version',
        },
      },
    },
  })
  accepts: Record<string, unknown>[];
  @ApiProperty({ format: 'uuid' }) track_id: string;
  @ApiProperty() expires_at: string;
  @ApiProperty({ example: '0.70' }) price_usd: string;
}

export class QueueOverviewDto {
  @ApiProperty({ type: [TrackDto], description: 'Paid, waiting for a worker' }) paid: TrackDto[];
  @ApiProperty({ type: [TrackDto] }) generating: TrackDto[];
  @ApiProperty({ type: [TrackDto], description: 'Ready, in play order' }) ready: TrackDto[];
}

export class ClientConfigDto {
  @ApiProperty() station_name: string;
  @ApiProperty({ type: [Number] }) durations: number[];
  @ApiProperty({
    allOf: [
      {
        type: 'object',
        required: ['enabled', 'mode', 'network', 'network_name', 'asset', 'asset_symbol'],
        properties: {
          enabled: { type: 'boolean' },
          mode: { type: 'string', enum: ['mock', 'real'] },
          network: { type: 'string', example: 'eip155:84532' },
          network_name: { type: 'string', example: 'base-sepolia' },
          asset: { type: 'string', description: 'USDC contract address' },
          asset_symbol: { type: 'string', enum: ['USDC'] },
        },
      },
    ],
  })
  x402: {
    enabled: boolean;
    mode: 'mock' | 'real';
    network: string;
    network_name: string;
    asset: string;
    asset_symbol: string;
  };
  @ApiPropertyOptional() admin_enabled?: boolean;
}
