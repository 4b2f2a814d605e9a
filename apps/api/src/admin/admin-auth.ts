import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AdminDisabledError, AdminUnauthorizedError } from './admin.errors.js';

export const ADMIN_COOKIE = 'radio402_admin';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks the admin token in constant time: both sides are hashed to equal-length digests before
 * `timingSafeEqual`, so neither the content nor the length of the token leaks through timing.
 * The queue dashboard's cookie holds an HMAC of the token, never the token itself.
 */
@Injectable()
export class AdminAuth {
  private readonly expected: Buffer | null;
  private readonly cookie: string | null;

  constructor(config: AppConfig) {
    const token = config.adminToken;
    this.expected = token ? digest(token) : null;
    this.cookie = token
      ? createHmac('sha256', token).update('radio402 queue dashboard').digest('base64url')
      : null;
  }

  get enabled(): boolean {
    return this.expected !== null;
  }

  /** Throws AdminDisabledError (404) or AdminUnauthorizedError (401) unless allowed. */
  assert(authorization: string | undefined, cookieHeader?: string): void {
    if (!this.enabled) {
      throw new AdminDisabledError();
    }

    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    const cookie = readCookie(cookieHeader, ADMIN_COOKIE);

    if (bearer !== undefined && this.matchesToken(bearer)) {
      return;
    }

    if (cookie !== undefined && this.matchesCookie(cookie)) {
      return;
    }

    throw new AdminUnauthorizedError(
      bearer === undefined && cookie === undefined ? 'missing' : 'wrong',
    );
  }

  matchesToken(token: string): boolean {
    return this.expected !== null && timingSafeEqual(digest(token), this.expected);
  }

  cookieValue(): string | null {
    return this.cookie;
  }

  private matchesCookie(value: string): boolean {
    return this.cookie !== null && timingSafeEqual(digest(value), digest(this.cookie));
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');

    if (key === name) {
      return decodeURIComponent(rest.join('='));
    }
  }

  return undefined;
}
