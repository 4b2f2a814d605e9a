import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import { errorBody } from '../common/http-exception.filter.js';
import { GenerationQueue } from '../generation/generation.queue.js';
import { ADMIN_COOKIE, AdminAuth } from './admin-auth.js';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

/**
 * The BullMQ dashboard (bull-board) at /api/admin/queues, behind the admin token. Browsers cannot
 * send a Bearer header on page and asset loads, so `GET /api/admin/queues?token=<ADMIN_TOKEN>`
 * sets an HttpOnly cookie (an HMAC of the token) scoped to the dashboard and redirects to the
 * clean URL; API clients can keep sending the Bearer header.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AdminAuth,
    private readonly queue: GenerationQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0];

      if (path === QUEUE_DASHBOARD_PATH || path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) {
        await this.authorize(request, reply);
      }
    });
    // With the admin API off, every request above is refused and bull-board is never loaded.
    if (!this.auth.enabled) return;

    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter: BullBoardFastifyAdapter }] =
      await Promise.all([
        import('@bull-board/api'),
        import('@bull-board/api/bullMQAdapter'),
        import('@bull-board/fastify'),
      ]);
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({ queues: [new BullMQAdapter(this.queue.raw)], serverAdapter: board });
    await fastify.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    this.logger.log({ msg: 'Queue dashboard is mounted', path: QUEUE_DASHBOARD_PATH });
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = (request.query as Record<string, unknown> | undefined)?.token;

    if (typeof token === 'string' && this.auth.enabled && this.auth.matchesToken(token)) {
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply
        .header(
          'Set-Cookie',
          `${ADMIN_COOKIE}=${this.auth.cookieValue()}; Path=${QUEUE_DASHBOARD_PATH}; ` +
            `HttpOnly; SameSite=Strict; Max-Age=43200${secure}`,
        )
        .redirect(QUEUE_DASHBOARD_PATH, 303);

      return reply;
    }

    try {
      this.auth.assert(request.headers.authorization, request.headers.cookie);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;

      return reply.status(error.statusCode).send(errorBody(error.statusCode, error.message));
    }
  }
}
