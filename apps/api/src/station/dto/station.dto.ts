import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { TrackDto } from '../../tracks/track.dto.js';

export class StationInfoDto {
  @ApiProperty() name: string;
  @ApiProperty() paused: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'When the pause began' })
  paused_at: string | null;
  @ApiProperty({
    description:
      "The station row's compare-and-set token; pass it as expected_seq to the admin advance",
  })
  clock_seq: number;
}

export class NowPlayingDto {
  @ApiProperty({ type: TrackDto }) track: TrackDto;
  @ApiProperty() requester: string;
  @ApiProperty() prompt: string;
  @ApiProperty({ format: 'date-time' }) started_at: string;
  @ApiProperty({ format: 'date-time' }) ends_at: string;
  @ApiProperty() duration_ms: number;
  @ApiProperty() audio_url: string;
}

/**
 * Everything a listener needs to render and play the station. There is no elapsed field:
 * clients compute the position from `started_at` and their offset to `server_time`.
 */
export class StationSnapshotDto {
  @ApiProperty({ description: 'Seq of the latest realtime event this snapshot includes' })
  seq: number;
  @ApiProperty({ format: 'date-time', description: 'Server clock at the time of this answer' })
  server_time: string;
  @ApiProperty({ type: StationInfoDto }) station: StationInfoDto;
  @ApiProperty({ type: NowPlayingDto, nullable: true }) now_playing: NowPlayingDto | null;
  @ApiProperty({ type: [TrackDto], description: 'READY tracks in play order' }) up_next: TrackDto[];
  @ApiProperty({ type: [TrackDto], description: 'PAID and GENERATING tracks' })
  generating: TrackDto[];
  @ApiProperty({ type: [TrackDto], description: 'The last 20 PLAYED tracks, newest first' })
  history: TrackDto[];
  @ApiProperty({ description: 'Open event streams across all api replicas' }) listeners: number;
}

export class AdvanceStationDto {
  @ApiPropertyOptional({
    description: 'Skip only if the station clock is still at this seq (station.clock_seq)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'expected_seq must be a whole number' })
  @Min(0, { message: 'expected_seq must not be negative' })
  expected_seq?: number;
}

export class StationStateDto {
  @ApiProperty({ description: 'The station clock seq after the change' }) clock_seq: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) current_track_id: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) started_at: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) ends_at: string | null;
  @ApiProperty() paused: boolean;
}

export class StationStateResponseDto {
  @ApiProperty({ type: StationStateDto }) station: StationStateDto;
}
