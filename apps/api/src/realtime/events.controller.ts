import { Controller, Get, Headers, Logger, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SSE_HEADERS } from '@radio402/station';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { SseFanout } from './sse-fanout.service.js';

@ApiTags('realtime')
@Controller('events')
export class EventsController {
  private readonly logger = new Logger(EventsController.name);

  constructor(
    private readonly fanout: SseFanout,
    private readonly config: AppConfig,
  ) {}

  /** Fastify gives the raw response to the hub; CORS is written here since Fastify is bypassed. */
  @Get()
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this seq' })
  @ApiOkResponse({
    description:
      'Server-sent events: `snapshot` first ({seq, server_time, snapshot}), then ' +
      '`queue_update` ({seq, server_time, track, snapshot}) and `station_update` ' +
      '({seq, server_time, snapshot}) with `id: seq`; `: ping` every 15 s. See docs/REALTIME.md.',
  })
  async stream(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Promise<void> {
    reply.hijack();
    reply.raw.writeHead(200, {
      ...SSE_HEADERS,
      'X-Request-Id': String(request.id),
      ...this.corsHeaders(request.headers.origin),
    });

    try {
      await this.fanout.connect(reply.raw, lastEventId?.trim() || undefined);
    } catch (error) {
      this.logger.warn({ msg: 'Event stream could not start', err: error });
    }
  }

  private corsHeaders(origin: string | undefined): Record<string, string> {
    const allowed = this.config.corsOrigins;

    if (!origin || (allowed !== '*' && !allowed.includes(origin))) {
      return {};
    }

    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }
}
