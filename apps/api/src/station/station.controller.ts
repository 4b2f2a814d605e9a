import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StationSnapshotDto } from './dto/station.dto.js';
import { StationSnapshotService } from './station-snapshot.service.js';

@ApiTags('station')
@Controller('station')
export class StationController {
  constructor(private readonly snapshots: StationSnapshotService) {}

  /**
   * The ETag covers everything but `server_time`, so a 304 means "nothing changed" while every
   * 200 still carries a fresh clock reading.
   */
  @Get()
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: StationSnapshotDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag in If-None-Match' })
  async get(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const { json, etag } = await this.snapshots.get();
    reply.header('ETag', etag).header('Cache-Control', 'no-cache');

    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
      reply.status(304);

      return undefined;
    }

    // Serialised once per change, not per request: only the clock reading is added here.
    reply.type('application/json; charset=utf-8');

    return `${json.slice(0, -1)},"server_time":"${new Date().toISOString()}"}`;
  }
}
