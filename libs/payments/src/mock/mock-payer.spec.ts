import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

import { decodePaymentProof } from '../payment-proof.codec.js';
import { buildPaymentRequired, buildPaymentRequirements } from '../requirements.js';
import { MockPayer } from './mock-payer.js';

const PAY_TO = privateKeyToAccount(generatePrivateKey()).address;

function challenge(amount: bigint) {
  return buildPaymentRequired({
    resourceUrl: 'http://localhost/api/queue/confirm',
    description: 'A track',
    requirements: buildPaymentRequirements({
      network: 'base-sepolia',
      amount,
      payTo: PAY_TO,
      maxTimeoutSeconds: 300,
    }),
  });
}

describe(MockPayer.name, () => {
  it('pays from the address of its key', () => {
    const privateKey = generatePrivateKey();

    expect(new MockPayer({ privateKey }).address).toBe(privateKeyToAccount(privateKey).address);
  });

  it('signs an EIP-3009 authorization for exactly the asked amount, to payTo', async () => {
    const payer = new MockPayer({ privateKey: generatePrivateKey() });
    const paymentRequired = challenge(700_000n);

    const payload = decodePaymentProof(await payer.createProof(paymentRequired));

    expect(payload).toMatchObject({
      x402Version: 2,
      accepted: paymentRequired.accepts[0],
      resource: paymentRequired.resource,
      payload: {
        signature: expect.stringMatching(/^0x[0-9a-f]{130}$/),
        authorization: {
          from: payer.address,
          to: PAY_TO,
          value: '700000',
          validAfter: '0',
          nonce: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        },
      },
    });
  });

  it('pays prices above the x402 client default cap of $1', async () => {
    const payer = new MockPayer({ privateKey: generatePrivateKey() });

    await expect(payer.createProof(challenge(3_100_000n))).resolves.toEqual(expect.any(String));
  });

  it('still refuses absurd prices', async () => {
    const payer = new MockPayer({ privateKey: generatePrivateKey() });

    await expect(payer.createProof(challenge(30_000_000n))).rejects.toThrow(/spendControls/);
  });
});
