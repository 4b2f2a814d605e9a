import { decodePaymentResponseHeader } from '@x402/core/http';
import type { PaymentPayload, PaymentRequirements, PaymentRequirementsV1 } from '@x402/core/types';
import { ExactEvmSchemeV1 } from '@x402/evm/exact/v1/client';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

import { MalformedPaymentProofError } from './errors.js';
import { MockFacilitator } from './mock/mock-facilitator.js';
import { MockPayer } from './mock/mock-payer.js';
import {
  decodePaymentProof,
  encodePaymentProof,
  encodePaymentResponse,
} from './payment-proof.codec.js';
import { buildPaymentRequired, buildPaymentRequirements } from './requirements.js';

const requirements = buildPaymentRequirements({
  network: 'base-sepolia',
  amount: 700_000n,
  payTo: privateKeyToAccount(generatePrivateKey()).address,
  maxTimeoutSeconds: 300,
});

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

async function signedPayload(): Promise<PaymentPayload> {
  const payer = new MockPayer({ privateKey: generatePrivateKey() });
  const challenge = buildPaymentRequired({
    resourceUrl: 'http://localhost/api/queue/confirm',
    description: 'A 60 s track',
    requirements,
  });

  return payer.createPaymentPayload(challenge);
}

/** A real v1 `X-PAYMENT` payload, signed by @x402/evm's v1 client. */
async function signedV1Payload(network = 'base-sepolia') {
  const v1Requirements: PaymentRequirementsV1 = {
    scheme: 'exact',
    network: network as PaymentRequirementsV1['network'],
    maxAmountRequired: requirements.amount,
    resource: 'http://localhost/api/queue/submit',
    description: 'A 60 s track',
    mimeType: 'application/json',
    outputSchema: {},
    payTo: requirements.payTo,
    maxTimeoutSeconds: requirements.maxTimeoutSeconds,
    asset: requirements.asset,
    extra: requirements.extra,
  };
  const scheme = new ExactEvmSchemeV1(privateKeyToAccount(generatePrivateKey()));

  return scheme.createPaymentPayload(1, v1Requirements as unknown as PaymentRequirements);
}

function expectMalformed(encoded: string, reason: string, message: RegExp) {
  const decode = () => decodePaymentProof(encoded, requirements);

  expect(decode).toThrow(MalformedPaymentProofError);
  expect(decode).toThrow(message);

  try {
    decode();
  } catch (error) {
    expect((error as MalformedPaymentProofError).reason).toBe(reason);
  }
}

describe('payment proof codec', () => {
  describe(decodePaymentProof.name, () => {
    it('decodes what the official encoder produced', async () => {
      const payload = await signedPayload();

      expect(decodePaymentProof(encodePaymentProof(payload))).toEqual(payload);
    });

    it('refuses an empty proof', () => {
      expectMalformed('  ', 'empty', /empty/);
    });

    it.each(['not base64!', 'eyJ4NDAyVmVyc2lvbiI6Mn0-_', 'abcde'])(
      'refuses %p as not base64',
      (value) => {
        expectMalformed(value, 'not_base64', /not standard base64/);
      },
    );

    it('refuses base64 that is not JSON', () => {
      expectMalformed(
        Buffer.from('hello').toString('base64'),
        'not_json',
        /does not decode to JSON/,
      );
    });

    it('refuses JSON that is not an object', () => {
      expectMalformed(base64([1, 2]), 'not_json', /not to an object/);
    });

    it('refuses an unknown x402 version', () => {
      expectMalformed(base64({ x402Version: 3 }), 'unsupported_version', /x402Version 3/);
    });

    it('names the missing fields', () => {
      expectMalformed(
        base64({ x402Version: 2 }),
        'invalid_fields',
        /accepted: Required; payload: Required/,
      );
    });

    it('names a malformed authorization field', async () => {
      const payload = await signedPayload();
      const inner = payload.payload as { authorization: Record<string, string> };
      const broken = {
        ...payload,
        payload: { ...payload.payload, authorization: { ...inner.authorization, nonce: '0x12' } },
      };

      expectMalformed(base64(broken), 'invalid_fields', /nonce must be a 32-byte hex string/);
    });

    it('refuses a Permit2 payload, which is never offered', async () => {
      const payload = await signedPayload();
      const permit2 = { ...payload, payload: { signature: '0x12', permit2Authorization: {} } };

      expectMalformed(base64(permit2), 'invalid_fields', /not a signed EIP-3009 authorization/);
    });

    describe('x402 v1', () => {
      it('lifts a v1 payload to v2 against the requirements, and it verifies', async () => {
        const v1 = await signedV1Payload();

        const payload = decodePaymentProof(base64(v1), requirements);
        const verified = await new MockFacilitator({ network: 'base-sepolia' }).verify(
          payload,
          requirements,
        );

        expect(payload).toEqual({ x402Version: 2, accepted: requirements, payload: v1.payload });
        expect(verified).toMatchObject({ isValid: true });
      });

      it('keeps the network the v1 payload names, so a mismatch is still caught', async () => {
        const v1 = await signedV1Payload('base');

        const payload = decodePaymentProof(base64(v1), requirements);

        expect(payload.accepted.network).toBe('eip155:8453');
      });

      it('needs the requirements to decode a v1 payload', async () => {
        const v1 = await signedV1Payload();

        expect(() => decodePaymentProof(base64(v1))).toThrow(/only be decoded against/);
      });

      it('refuses a v1 network outside the table', async () => {
        const v1 = { ...(await signedV1Payload()), network: 'polygon' };

        expectMalformed(base64(v1), 'invalid_fields', /network "polygon"/);
      });
    });
  });

  describe(encodePaymentResponse.name, () => {
    it('encodes a settlement for the PAYMENT-RESPONSE header', () => {
      const settle = {
        success: true,
        transaction: '0xfa4e',
        network: 'eip155:84532' as const,
        payer: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
      };

      expect(decodePaymentResponseHeader(encodePaymentResponse(settle))).toEqual(settle);
    });
  });
});
