import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdvanceStationDto, StationStateResponseDto } from '../station/dto/station.dto.js';
import { TrackListResponseDto, TrackResponseDto } from '../tracks/track.dto.js';
import { AdminRateLimit } from '../security/rate-limit.guard.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { AdminService } from './admin.service.js';
import { AdminStatsDto, AdminTrackIdParamDto, AdminTracksQueryDto } from './dto/admin.dto.js';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@ApiNotFoundResponse({ description: 'The admin API is off (no ADMIN_TOKEN), or no such track' })
// The rate limit runs first so wrong tokens are counted before they are refused.
@UseGuards(AdminTokenGuard)
@AdminRateLimit()
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('station/advance')
  @HttpCode(200)
  @ApiOkResponse({ type: StationStateResponseDto, description: 'The next track is playing' })
  @ApiConflictResponse({ description: 'The station moved on, or there is nothing to skip' })
  async advance(@Body() body: AdvanceStationDto): Promise<StationStateResponseDto> {
    return { station: await this.admin.advance(body.expected_seq) };
  }

  @Post('station/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: StationStateResponseDto })
  @ApiConflictResponse({ description: 'Already paused' })
  async pause(): Promise<StationStateResponseDto> {
    return { station: await this.admin.pause() };
  }

  @Post('station/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: StationStateResponseDto })
  @ApiConflictResponse({ description: 'Not paused' })
  async resume(): Promise<StationStateResponseDto> {
    return { station: await this.admin.resume() };
  }

  @Delete('tracks/:id')
  @ApiOkResponse({ type: TrackResponseDto, description: 'FAILED with error_code removed_by_admin' })
  @ApiConflictResponse({ description: 'The track is neither READY nor FAILED' })
  async remove(@Param() params: AdminTrackIdParamDto): Promise<TrackResponseDto> {
    return { track: await this.admin.removeTrack(params.id) };
  }

  @Post('tracks/:id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: TrackResponseDto, description: 'PAID again, with a new generation job' })
  @ApiConflictResponse({ description: 'The track is not FAILED' })
  async retry(@Param() params: AdminTrackIdParamDto): Promise<TrackResponseDto> {
    return { track: await this.admin.retryTrack(params.id) };
  }

  @Get('tracks')
  @ApiOkResponse({ type: TrackListResponseDto })
  async tracks(@Query() query: AdminTracksQueryDto): Promise<TrackListResponseDto> {
    return { tracks: await this.admin.listTracks(query.status) };
  }

  @Get('stats')
  @ApiOkResponse({ type: AdminStatsDto })
  stats(): Promise<AdminStatsDto> {
    return this.admin.readStats();
  }
}
