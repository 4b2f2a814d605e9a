import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { errorBody } from '../common/http-exception.filter.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({ description: 'The message names what is down' })
  async check(@Res() reply: FastifyReply) {
    const report = await this.health.report();
    reply.header('Cache-Control', 'no-store');

    if (report.status === 'ok') {
      return reply.status(200).send({ status: 'ok', details: report.details });
    }

    const verb = report.down.length > 1 ? 'are' : 'is';
    const message = `Unavailable: ${report.down.join(', ')} ${verb} down`;

    return reply
      .status(503)
      .send({ ...errorBody(503, message), status: 'error', details: report.details });
  }
}
