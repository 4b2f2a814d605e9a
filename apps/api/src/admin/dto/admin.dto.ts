import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { TRACK_STATUSES, type TrackStatus } from '../../database/database.types.js';

export class AdminTrackIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class AdminTracksQueryDto {
  @ApiPropertyOptional({ enum: TRACK_STATUSES, default: 'FAILED' })
  @IsOptional()
  @IsIn(TRACK_STATUSES, { message: `status must be one of ${TRACK_STATUSES.join(', ')}` })
  status?: TrackStatus;
}

export class AdminStatsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Tracks created in the last day, by status',
  })
  tracks_by_status: Record<string, number>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Payment audit events in the last hour, by event type',
  })
  payment_events: Record<string, number>;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Average generation time of tracks finished in the last day',
  })
  avg_generation_seconds: number | null;
}
