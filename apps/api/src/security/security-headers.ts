import type { AppConfig } from '../config/app-config.js';

/**
 * The security headers every answer carries, computed once at boot (a per-request policy
 * builder costs more than the hot read paths themselves).
 */
export function securityHeaders(config: AppConfig): Record<string, string> {
  const storage = config.supabase.url ? [new URL(config.supabase.url).origin] : [];
  const csp = {
    'default-src': ["'self'"],
    // Swagger UI and the SPA's build both bootstrap inline.
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'", 'https:'],
    'img-src': ["'self'", 'data:', 'https:'],
    'media-src': ["'self'", 'blob:', ...storage],
    'connect-src': ["'self'", ...storage],
    'font-src': ["'self'", 'data:', 'https:'],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };

  return {
    'Content-Security-Policy': Object.entries(csp)
      .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
      .join('; '),
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Audio and the API are fetched cross-origin by the dev server and by agents.
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Frame-Options': 'DENY',
    'X-Permitted-Cross-Domain-Policies': 'none',
  };
}
