import { generateKeyPairSync, verify as verifySignature, type KeyObject } from 'node:crypto';

import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

import { FacilitatorStandIn } from '../../../../test/stand-ins/facilitator.stand-in.js';
import {
  FacilitatorAuthError,
  FacilitatorResponseError,
  FacilitatorUnavailableError,
} from '../errors.js';
import { isMockTransactionHash } from '../mock/mock-ledger.js';
import { MockPayer } from '../mock/mock-payer.js';
import { decodePaymentProof } from '../payment-proof.codec.js';
import { buildPaymentRequired, buildPaymentRequirements } from '../requirements.js';
import { HttpFacilitator } from './http-facilitator.js';

const BASE_PATH = '/platform/v2/x402';

const requirements = buildPaymentRequirements({
  network: 'base-sepolia',
  amount: 700_000n,
  payTo: privateKeyToAccount(generatePrivateKey()).address,
  maxTimeoutSeconds: 300,
});

async function signedPayment() {
  const payer = new MockPayer({ privateKey: generatePrivateKey() });
  const challenge = buildPaymentRequired({
    resourceUrl: 'http://localhost/api/queue/confirm',
    description: 'A 60 s track',
    requirements,
  });

  return decodePaymentProof(await payer.createProof(challenge));
}

function ecCredentials() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const secret = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  return { credentials: { apiKeyId: 'test-key-id', apiKeySecret: secret }, publicKey };
}

/** CDP's Ed25519 secret format: base64 of the 32-byte seed followed by the 32-byte public key. */
function ed25519Credentials() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const secret = Buffer.concat([
    Buffer.from(jwk.d as string, 'base64url'),
    Buffer.from(jwk.x as string, 'base64url'),
  ]).toString('base64');

  return { credentials: { apiKeyId: 'test-ed-key', apiKeySecret: secret }, publicKey };
}

function decodeJwt(authorization: string | string[] | undefined) {
  const token = String(authorization).replace(/^Bearer /, '');
  const [header, payload, signature] = token.split('.');

  return {
    token,
    signingInput: Buffer.from(`${header}.${payload}`),
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    signature: Buffer.from(signature, 'base64url'),
  };
}

function jwtIsSignedBy(jwt: ReturnType<typeof decodeJwt>, publicKey: KeyObject): boolean {
  return jwt.header.alg === 'ES256'
    ? verifySignature(
        'sha256',
        jwt.signingInput,
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        jwt.signature,
      )
    : verifySignature(null, jwt.signingInput, publicKey, jwt.signature);
}

describe(HttpFacilitator.name, () => {
  const standIn = new FacilitatorStandIn({ basePath: BASE_PATH, slowMs: 1_000 });
  let url: string;

  beforeAll(async () => {
    ({ url } = await standIn.start());
  });

  afterEach(() => {
    standIn.reset();
  });

  afterAll(async () => {
    await standIn.stop();
  });

  describe('verify and settle', () => {
    it('verifies and settles a real payment through the documented endpoints', async () => {
      const facilitator = new HttpFacilitator({ url });
      const payload = await signedPayment();

      const verified = await facilitator.verify(payload, requirements);
      const settled = await facilitator.settle(payload, requirements);

      expect(verified).toMatchObject({ isValid: true });
      expect(settled.success).toBe(true);
      expect(isMockTransactionHash(settled.transaction)).toBe(true);
      expect(standIn.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
        `POST ${BASE_PATH}/verify`,
        `POST ${BASE_PATH}/settle`,
      ]);
      expect(standIn.requests[0].body).toEqual({
        x402Version: 2,
        paymentPayload: payload,
        paymentRequirements: requirements,
      });
    });

    it('returns a replayed payment as an x402 verdict', async () => {
      const facilitator = new HttpFacilitator({ url });
      const payload = await signedPayment();
      await facilitator.settle(payload, requirements);

      const verified = await facilitator.verify(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_nonce_already_used',
      });
    });

    it('returns isValid: false as a value', async () => {
      standIn.setScenario('verify-invalid');

      const verified = await new HttpFacilitator({ url }).verify(
        await signedPayment(),
        requirements,
      );

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_signature',
      });
    });

    it('returns a 400 carrying a verdict as a value', async () => {
      standIn.setScenario('verify-rejected-400');

      const verified = await new HttpFacilitator({ url }).verify(
        await signedPayment(),
        requirements,
      );

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_signature',
      });
    });

    it('returns success: false as a value', async () => {
      standIn.setScenario('settle-fail');

      const settled = await new HttpFacilitator({ url }).settle(
        await signedPayment(),
        requirements,
      );

      expect(settled).toMatchObject({
        success: false,
        errorReason: 'invalid_exact_evm_transaction_failed',
        transaction: '',
      });
    });
  });

  describe('failures', () => {
    it('reports a 5xx as unavailable on every endpoint', async () => {
      standIn.setScenario('http-500');
      const facilitator = new HttpFacilitator({ url });
      const payload = await signedPayment();

      await expect(facilitator.verify(payload, requirements)).rejects.toMatchObject({
        name: FacilitatorUnavailableError.name,
        operation: 'verify',
        status: 500,
      });
      await expect(facilitator.settle(payload, requirements)).rejects.toBeInstanceOf(
        FacilitatorUnavailableError,
      );
      await expect(facilitator.getSupported()).rejects.toBeInstanceOf(FacilitatorUnavailableError);
    });

    it('reports a timeout as unavailable', async () => {
      standIn.setScenario('slow');
      const facilitator = new HttpFacilitator({ url, timeoutMs: 100 });

      const failure = facilitator.verify(await signedPayment(), requirements);

      await expect(failure).rejects.toBeInstanceOf(FacilitatorUnavailableError);
      await expect(failure).rejects.toThrow(/no answer within 100 ms/);
    });

    it('reports an unreachable facilitator as unavailable', async () => {
      const unused = new FacilitatorStandIn();
      const { url: closedUrl } = await unused.start();
      await unused.stop();

      const failure = new HttpFacilitator({ url: closedUrl }).verify(
        await signedPayment(),
        requirements,
      );

      await expect(failure).rejects.toBeInstanceOf(FacilitatorUnavailableError);
    });

    it.each(['http-400', 'http-401'] as const)(
      'reports %s as an unusable answer',
      async (scenario) => {
        standIn.setScenario(scenario);

        const failure = new HttpFacilitator({ url }).verify(await signedPayment(), requirements);

        await expect(failure).rejects.toBeInstanceOf(FacilitatorResponseError);
      },
    );

    it('reports a malformed 2xx as an unusable answer', async () => {
      standIn.setScenario('malformed');
      const facilitator = new HttpFacilitator({ url });

      await expect(facilitator.settle(await signedPayment(), requirements)).rejects.toMatchObject({
        name: FacilitatorResponseError.name,
        operation: 'settle',
      });
    });
  });

  describe('getSupported', () => {
    it('lists the kinds the facilitator serves', async () => {
      const supported = await new HttpFacilitator({ url }).getSupported();

      expect(supported.kinds).toEqual([
        { x402Version: 2, scheme: 'exact', network: 'eip155:84532' },
      ]);
      expect(standIn.requests[0]).toMatchObject({ method: 'GET', path: `${BASE_PATH}/supported` });
    });
  });

  describe('authentication', () => {
    it('sends no auth headers to an open facilitator', async () => {
      await new HttpFacilitator({ url }).verify(await signedPayment(), requirements);

      expect(standIn.requests[0].headers.authorization).toBeUndefined();
      expect(standIn.requests[0].headers['correlation-context']).toBeUndefined();
    });

    it('sends a fresh CDP JWT bound to each request, signed with an EC key', async () => {
      const { credentials, publicKey } = ecCredentials();
      const facilitator = new HttpFacilitator({ url, cdp: credentials });
      const payload = await signedPayment();
      const host = new URL(url).host;

      await facilitator.verify(payload, requirements);
      await facilitator.verify(payload, requirements);
      await facilitator.getSupported();

      const [first, second, supported] = standIn.requests.map((request) =>
        decodeJwt(request.headers.authorization),
      );
      expect(first.header).toMatchObject({ alg: 'ES256', kid: 'test-key-id' });
      expect(first.claims).toMatchObject({
        sub: 'test-key-id',
        iss: 'cdp',
        uris: [`POST ${host}${BASE_PATH}/verify`],
      });
      expect(jwtIsSignedBy(first, publicKey)).toBe(true);
      expect(second.token).not.toBe(first.token);
      expect(supported.claims.uris).toEqual([`GET ${host}${BASE_PATH}/supported`]);
      expect(standIn.requests[0].headers['correlation-context']).toContain('source=radio402');
    });

    it('signs the CDP JWT with an Ed25519 key', async () => {
      const { credentials, publicKey } = ed25519Credentials();

      await new HttpFacilitator({ url, cdp: credentials }).settle(
        await signedPayment(),
        requirements,
      );

      const jwt = decodeJwt(standIn.requests[0].headers.authorization);
      expect(jwt.header).toMatchObject({ alg: 'EdDSA', kid: 'test-ed-key' });
      expect(jwtIsSignedBy(jwt, publicKey)).toBe(true);
    });

    it('fails clearly, without echoing the secret, when the secret is not a key', async () => {
      const secret = 'not-a-real-secret-value';
      const facilitator = new HttpFacilitator({
        url,
        cdp: { apiKeyId: 'test-key-id', apiKeySecret: secret },
      });

      const failure = facilitator.verify(await signedPayment(), requirements);

      await expect(failure).rejects.toBeInstanceOf(FacilitatorAuthError);
      await expect(failure).rejects.not.toThrow(secret);
      expect(standIn.requests).toHaveLength(0);
    });

    it('refuses credentials with an empty secret', () => {
      expect(
        () => new HttpFacilitator({ url, cdp: { apiKeyId: 'test-key-id', apiKeySecret: ' ' } }),
      ).toThrow(FacilitatorAuthError);
    });
  });
});
