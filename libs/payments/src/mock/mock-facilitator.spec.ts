import { jest } from '@jest/globals';
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from '@x402/core/types';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

import { MockModeOnMainnetError } from '../errors.js';
import { resolveX402Network } from '../networks.js';
import { decodePaymentProof } from '../payment-proof.codec.js';
import { buildPaymentRequired, buildPaymentRequirements } from '../requirements.js';
import { MockFacilitator } from './mock-facilitator.js';
import { InMemoryMockLedger, isMockTransactionHash } from './mock-ledger.js';
import { MockPayer } from './mock-payer.js';

const PAY_TO = privateKeyToAccount(generatePrivateKey()).address;

function requirementsFor(overrides: { amount?: bigint; network?: string } = {}) {
  return buildPaymentRequirements({
    network: overrides.network ?? 'base-sepolia',
    amount: overrides.amount ?? 700_000n,
    payTo: PAY_TO,
    maxTimeoutSeconds: 300,
  });
}

function challengeFor(requirements: PaymentRequirements): PaymentRequired {
  return buildPaymentRequired({
    resourceUrl: 'http://localhost/api/queue/confirm',
    description: 'A 60 s track',
    requirements,
  });
}

function setup(ledger = new InMemoryMockLedger()) {
  const facilitator = new MockFacilitator({ network: 'base-sepolia', ledger });
  const payer = new MockPayer({ privateKey: generatePrivateKey() });
  const requirements = requirementsFor();

  return { facilitator, payer, ledger, requirements };
}

async function signedPayment(payer: MockPayer, requirements: PaymentRequirements) {
  return decodePaymentProof(await payer.createProof(challengeFor(requirements)));
}

function withAuthorization(payload: PaymentPayload, changes: Record<string, string>) {
  const inner = payload.payload as { authorization: Record<string, string> };

  return {
    ...payload,
    payload: { ...payload.payload, authorization: { ...inner.authorization, ...changes } },
  };
}

describe(MockFacilitator.name, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('refuses to run on a mainnet', () => {
    expect(() => new MockFacilitator({ network: 'base' })).toThrow(MockModeOnMainnetError);
    expect(() => new MockFacilitator({ network: 'eip155:8453' })).toThrow(/refused on mainnet/);
  });

  it('advertises the exact scheme on its network', async () => {
    const supported = await new MockFacilitator({ network: 'base-sepolia' }).getSupported();

    expect(supported.kinds).toEqual([{ x402Version: 2, scheme: 'exact', network: 'eip155:84532' }]);
  });

  describe('verify and settle', () => {
    it('accepts a real signed payment and settles it with a recognisable fake hash', async () => {
      const { facilitator, payer, ledger, requirements } = setup();
      const payload = await signedPayment(payer, requirements);

      const verified = await facilitator.verify(payload, requirements);
      const settled = await facilitator.settle(payload, requirements);

      expect(verified).toMatchObject({ isValid: true, payer: payer.address });
      expect(settled).toMatchObject({
        success: true,
        payer: payer.address,
        network: 'eip155:84532',
      });
      expect(isMockTransactionHash(settled.transaction)).toBe(true);
      expect(settled.transaction).toMatch(/^0xfa4efa4efa4efa4e[0-9a-f]{48}$/);
      expect(await ledger.balanceOf(payer.address)).toBe(100_000_000n - 700_000n);
      expect(await ledger.balanceOf(PAY_TO)).toBe(100_000_000n + 700_000n);
    });

    it('tells the settlement of an authorization once, and only once, it has settled', async () => {
      const { facilitator, payer, requirements } = setup();
      const payload = await signedPayment(payer, requirements);
      const { nonce } = (payload.payload as { authorization: { nonce: string } }).authorization;

      const before = await facilitator.findSettlement(payer.address.toLowerCase(), nonce);
      const settled = await facilitator.settle(payload, requirements);
      const after = await facilitator.findSettlement(payer.address.toLowerCase(), nonce);

      expect(before).toBeUndefined();
      expect(after).toBe(settled.transaction);
    });

    it('rejects a replayed authorization on verify and on settle', async () => {
      const { facilitator, payer, requirements } = setup();
      const payload = await signedPayment(payer, requirements);
      await facilitator.settle(payload, requirements);

      const verified = await facilitator.verify(payload, requirements);
      const settled = await facilitator.settle(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_nonce_already_used',
      });
      expect(settled).toMatchObject({
        success: false,
        errorReason: 'invalid_exact_evm_nonce_already_used',
        transaction: '',
      });
    });

    it('settles only one of two concurrent settlements of the same authorization', async () => {
      const { facilitator, payer, requirements } = setup();
      const payload = await signedPayment(payer, requirements);

      const results = await Promise.all([
        facilitator.settle(payload, requirements),
        facilitator.settle(payload, requirements),
      ]);

      expect(results.filter((result) => result.success)).toHaveLength(1);
    });

    it('rejects a tampered amount as a bad signature', async () => {
      const { facilitator, payer, requirements } = setup();
      const payload = await signedPayment(payer, requirements);
      const tampered = withAuthorization(payload, { value: '1' });

      const verified = await facilitator.verify(tampered, { ...requirements, amount: '1' });

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_signature',
      });
    });

    it('rejects a payment signed for a cheaper amount', async () => {
      const { facilitator, payer, requirements } = setup();
      const payload = await signedPayment(payer, requirementsFor({ amount: 100_000n }));

      const verified = await facilitator.verify(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_payload_authorization_value_mismatch',
      });
    });

    it('rejects a payment to another payee', async () => {
      const { facilitator, payer, requirements } = setup();
      const elsewhere = privateKeyToAccount(generatePrivateKey()).address;
      const payload = await signedPayment(payer, { ...requirements, payTo: elsewhere });

      const verified = await facilitator.verify(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_recipient_mismatch',
      });
    });

    it('rejects a payment signed for another token', async () => {
      const { facilitator, requirements } = setup();
      const payer = new MockPayer({
        privateKey: generatePrivateKey(),
        spendControls: { allowedAssets: true },
      });
      const otherToken = privateKeyToAccount(generatePrivateKey()).address;
      const payload = await signedPayment(payer, { ...requirements, asset: otherToken });

      const verified = await facilitator.verify(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_signature',
      });
    });

    it('rejects a payment made on another network', async () => {
      const { facilitator, payer, requirements } = setup();
      const payload = await signedPayment(payer, requirementsFor({ network: 'base' }));

      const verified = await facilitator.verify(payload, requirements);
      const settled = await facilitator.settle(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_network_mismatch',
      });
      expect(settled).toMatchObject({ success: false });
    });

    it('rejects an expired authorization', async () => {
      const { facilitator, payer, requirements } = setup();
      const payload = await signedPayment(payer, requirements);
      const later = Date.now() + (requirements.maxTimeoutSeconds + 1) * 1000;
      jest.spyOn(Date, 'now').mockReturnValue(later);

      const verified = await facilitator.verify(payload, requirements);
      const settled = await facilitator.settle(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_payload_authorization_valid_before',
      });
      expect(settled).toMatchObject({
        success: false,
        errorReason: 'invalid_exact_evm_payload_authorization_valid_before',
      });
    });

    it('rejects a payer without enough USDC, on verify and on settle', async () => {
      const { facilitator, payer, requirements } = setup(
        new InMemoryMockLedger({ defaultBalance: 0n }),
      );
      const payload = await signedPayment(payer, requirements);

      const verified = await facilitator.verify(payload, requirements);
      const settled = await facilitator.settle(payload, requirements);

      expect(verified).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_insufficient_balance',
      });
      expect(settled).toMatchObject({
        success: false,
        errorReason: 'invalid_exact_evm_insufficient_balance',
      });
    });
  });

  it('uses the USDC domain of the network table', () => {
    expect(resolveX402Network('base-sepolia').eip712).toEqual({ name: 'USDC', version: '2' });
  });
});
