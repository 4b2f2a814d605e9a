import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

type Budget = 'writes' | 'admin';
const BUDGET = Symbol('RATE_LIMIT_BUDGET');
const WINDOW_MS = 60_000;

/** Limits each client IP per route to the configured requests per minute; 429 + Retry-After. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: RedisRateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.limiter = new RedisRateLimiter(redis, config.redis.prefix);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const budget =
      this.reflector.getAllAndOverride<Budget>(BUDGET, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'writes';
    const limit =
      budget === 'admin'
        ? this.config.rateLimit.adminPerMinute
        : this.config.rateLimit.writesPerMinute;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const route = budget === 'admin' ? 'admin' : `${request.method}:${request.routeOptions.url}`;
    const decision = await this.limiter.hit(route, request.ip, limit, WINDOW_MS);

    reply.header('RateLimit-Limit', String(limit));
    reply.header('RateLimit-Remaining', String(decision.remaining));
    if (decision.allowed) return true;

    reply.header('Retry-After', String(decision.retryAfterSeconds));
    throw new HttpException(
      `Too many requests from this client; try again in ${decision.retryAfterSeconds} s`,
      429,
    );
  }
}

/** Per-client limit for routes that write (users, submit, mock proof, confirm). */
export const WriteRateLimit = () =>
  applyDecorators(
    SetMetadata(BUDGET, 'writes'),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'Rate limit reached; see Retry-After' }),
  );

/** One shared per-client budget for every admin route, so a token cannot be brute-forced. */
export const AdminRateLimit = () =>
  applyDecorators(
    SetMetadata(BUDGET, 'admin'),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'Rate limit reached; see Retry-After' }),
  );
