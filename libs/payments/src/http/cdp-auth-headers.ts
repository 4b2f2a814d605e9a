import type { FacilitatorConfig } from '@x402/core/http';

import { FacilitatorAuthError } from '../errors.js';

export interface CdpCredentials {
  /** CDP API key id (`organizations/.../apiKeys/...` or a uuid). */
  apiKeyId: string;
  /** PEM EC (ES256) key or base64 Ed25519 key. Kept in a closure, never logged. */
  apiKeySecret: string;
}

type AuthHeadersFactory = NonNullable<FacilitatorConfig['createAuthHeaders']>;

const CORRELATION_SOURCE = 'radio402';

// The CDP SDK is heavy (tens of MB); only processes that talk to the CDP facilitator load it.
let cdpAuth: Promise<typeof import('@coinbase/cdp-sdk/auth')> | undefined;
const loadCdpAuth = () => (cdpAuth ??= import('@coinbase/cdp-sdk/auth'));

/**
 * Headers for the CDP facilitator: a fresh JWT bound to each endpoint's method, host and path
 * (CDP checks the `uris` claim), plus `Correlation-Context`. The x402 client asks for all
 * endpoints at once before every request, so each request carries a token minted for it.
 */
export function createCdpAuthHeaders(url: string, credentials: CdpCredentials): AuthHeadersFactory {
  if (!credentials.apiKeyId.trim() || !credentials.apiKeySecret.trim()) {
    throw new FacilitatorAuthError('CDP facilitator credentials need both a key id and a secret.');
  }

  const { host, pathname } = new URL(url);
  const basePath = pathname.replace(/\/+$/, '');
  const headersFor = async (method: 'GET' | 'POST', path: string) => {
    const { generateJwt, getCorrelationData } = await loadCdpAuth();
    const correlation = getCorrelationData(CORRELATION_SOURCE);
    let jwt: string;

    try {
      jwt = await generateJwt({
        apiKeyId: credentials.apiKeyId,
        apiKeySecret: credentials.apiKeySecret,
        requestMethod: method,
        requestHost: host,
        requestPath: `${basePath}${path}`,
      });
    } catch (error) {
      // Only the error's class travels on: nothing derived from the secret may reach a log.
      const failure = error instanceof Error ? error.name : typeof error;
      throw new FacilitatorAuthError(
        `Could not sign the CDP facilitator JWT (${failure}); the API key secret must be ` +
          'a PEM EC key or a base64 Ed25519 key.',
      );
    }

    return { Authorization: `Bearer ${jwt}`, 'Correlation-Context': correlation };
  };

  return async () => {
    const [verify, settle, supported] = await Promise.all([
      headersFor('POST', '/verify'),
      headersFor('POST', '/settle'),
      headersFor('GET', '/supported'),
    ]);

    return { verify, settle, supported };
  };
}
