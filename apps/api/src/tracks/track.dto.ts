import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRACK_STATUSES, type TrackStatus } from '../database/database.types.js';

/** A track as every client sees it. Money is a decimal string; times are ISO 8601. */
export class TrackDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ description: 'Display name of the requester' }) requester: string;
  @ApiProperty() prompt: string;
  @ApiProperty() duration_seconds: number;
  @ApiProperty({ enum: TRACK_STATUSES }) status: TrackStatus;
  @ApiProperty({ example: '0.70' }) price_usd: string;
  @ApiProperty({ example: '700000', description: 'Atomic USDC (6 decimals)' }) amount: string;
  @ApiPropertyOptional({ type: String, nullable: true }) audio_url: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) content_type: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) audio_duration_ms: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error_code: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error_message: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) payer_address: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) payment_transaction: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) expires_at: string | null;
  @ApiProperty() created_at: string;
  @ApiPropertyOptional({ type: String, nullable: true }) paid_at: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) started_at: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) finished_at: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) played_at: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Up next only: when the station expects to start it (null while paused)',
  })
  expected_start_at?: string | null;
}

export class TrackResponseDto {
  @ApiProperty({ type: TrackDto }) track: TrackDto;
}

export class TrackListResponseDto {
  @ApiProperty({ type: [TrackDto] }) tracks: TrackDto[];
}
