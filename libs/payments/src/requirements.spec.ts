import { isPaymentRequiredV2, isPaymentRequirementsV2 } from '@x402/core/schemas';
import { x402ResourceServer } from '@x402/core/server';
import { ExactEvmScheme as ExactEvmServerScheme } from '@x402/evm/exact/server';

import { InvalidPaymentRequirementsError, UnknownNetworkError } from './errors.js';
import { MockFacilitator } from './mock/mock-facilitator.js';
import { resolveX402Network } from './networks.js';
import {
  buildPaymentRequired,
  buildPaymentRequirements,
  paymentAnswersRequirements,
} from './requirements.js';

const PAY_TO = '0x209693bc6afc0c5328ba36faf03c514ef312287c';

describe('requirements', () => {
  describe(buildPaymentRequirements.name, () => {
    it('builds the exact USDC requirement for a track', () => {
      const requirements = buildPaymentRequirements({
        network: 'base-sepolia',
        amount: 700_000n,
        payTo: PAY_TO,
        maxTimeoutSeconds: 300,
      });

      expect(requirements).toEqual({
        scheme: 'exact',
        network: 'eip155:84532',
        asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
        amount: '700000',
        payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
        maxTimeoutSeconds: 300,
        extra: { name: 'USDC', version: '2' },
      });
      expect(isPaymentRequirementsV2(requirements)).toBe(true);
    });

    it("builds what @x402/core's own resource server builds for the same price", async () => {
      const server = new x402ResourceServer(new MockFacilitator({ network: 'base-sepolia' }));
      server.register('eip155:84532', new ExactEvmServerScheme());
      await server.initialize();

      const [official] = await server.buildPaymentRequirements({
        scheme: 'exact',
        payTo: PAY_TO,
        price: '$0.70',
        network: 'eip155:84532',
        maxTimeoutSeconds: 300,
      });
      const ours = buildPaymentRequirements({
        network: 'base-sepolia',
        amount: 700_000n,
        payTo: PAY_TO,
        maxTimeoutSeconds: 300,
      });

      expect(ours).toEqual({ ...official, payTo: ours.payTo });
    });

    it('accepts a resolved network and uses its USDC domain', () => {
      const requirements = buildPaymentRequirements({
        network: resolveX402Network('base'),
        amount: 1n,
        payTo: PAY_TO,
        maxTimeoutSeconds: 60,
      });

      expect(requirements).toMatchObject({
        network: 'eip155:8453',
        asset: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
        extra: { name: 'USD Coin', version: '2' },
      });
    });

    it.each([
      [{ amount: 0n }, /amount must be positive/],
      [{ payTo: 'station-wallet' }, /is not an EVM address/],
      [{ maxTimeoutSeconds: 0 }, /maxTimeoutSeconds must be a positive whole number/],
      [{ maxTimeoutSeconds: 1.5 }, /maxTimeoutSeconds must be a positive whole number/],
    ])('refuses %p', (override, message) => {
      const build = () =>
        buildPaymentRequirements({
          network: 'base-sepolia',
          amount: 700_000n,
          payTo: PAY_TO,
          maxTimeoutSeconds: 300,
          ...override,
        });

      expect(build).toThrow(InvalidPaymentRequirementsError);
      expect(build).toThrow(message);
    });

    it('refuses an unknown network', () => {
      expect(() =>
        buildPaymentRequirements({
          network: 'eip155:1',
          amount: 1n,
          payTo: PAY_TO,
          maxTimeoutSeconds: 60,
        }),
      ).toThrow(UnknownNetworkError);
    });
  });

  describe(buildPaymentRequired.name, () => {
    const requirements = buildPaymentRequirements({
      network: 'base-sepolia',
      amount: 700_000n,
      payTo: PAY_TO,
      maxTimeoutSeconds: 300,
    });

    it('builds an x402 v2 PaymentRequired offering the one requirement', () => {
      const paymentRequired = buildPaymentRequired({
        resourceUrl: 'https://radio.example/api/queue/submit',
        description: 'A 60 s track',
        requirements,
      });

      expect(paymentRequired).toEqual({
        x402Version: 2,
        resource: {
          url: 'https://radio.example/api/queue/submit',
          description: 'A 60 s track',
          mimeType: 'application/json',
        },
        accepts: [requirements],
      });
      expect(isPaymentRequiredV2(paymentRequired)).toBe(true);
    });

    it('carries the reason of a failed attempt', () => {
      const paymentRequired = buildPaymentRequired({
        resourceUrl: 'https://radio.example/api/queue/confirm',
        description: 'A 60 s track',
        requirements,
        error: 'invalid_exact_evm_nonce_already_used',
      });

      expect(paymentRequired.error).toBe('invalid_exact_evm_nonce_already_used');
    });
  });

  describe(paymentAnswersRequirements.name, () => {
    const requirements = buildPaymentRequirements({
      network: 'base-sepolia',
      amount: 700_000n,
      payTo: PAY_TO,
      maxTimeoutSeconds: 300,
    });
    const payload = { x402Version: 2, accepted: requirements, payload: {} };

    it('matches the requirements it was made for, whatever the key order', () => {
      const reordered = JSON.parse(
        JSON.stringify({ ...requirements, extra: { version: '2', name: 'USDC' } }),
      );

      expect(paymentAnswersRequirements({ ...payload, accepted: reordered }, requirements)).toBe(
        true,
      );
    });

    it('does not match another price', () => {
      const cheaper = { ...requirements, amount: '1' };

      expect(paymentAnswersRequirements({ ...payload, accepted: cheaper }, requirements)).toBe(
        false,
      );
    });
  });
});
