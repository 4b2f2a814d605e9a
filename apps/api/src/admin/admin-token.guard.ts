import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuth } from './admin-auth.js';

/** Every admin route: 404 when ADMIN_TOKEN is unset, 401 without the right Bearer token. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly auth: AdminAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    this.auth.assert(request.headers.authorization);

    return true;
  }
}
