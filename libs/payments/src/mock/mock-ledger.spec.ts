import type { Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

import { InsufficientBalanceError, NonceAlreadyUsedError } from '../errors.js';
import {
  InMemoryMockLedger,
  isMockTransactionHash,
  MOCK_TRANSACTION_HASH_PREFIX,
  mockTransactionHash,
} from './mock-ledger.js';

const newAddress = () => privateKeyToAccount(generatePrivateKey()).address;
const NONCE: Hex = `0x${'ab'.repeat(32)}`;

describe(InMemoryMockLedger.name, () => {
  it('funds every payer with the default balance', async () => {
    const ledger = new InMemoryMockLedger({ defaultBalance: 5_000_000n });

    expect(await ledger.balanceOf(newAddress())).toBe(5_000_000n);
  });

  it('moves funds and spends the nonce in one transfer', async () => {
    const ledger = new InMemoryMockLedger({ defaultBalance: 1_000_000n });
    const [from, to] = [newAddress(), newAddress()];

    const { transaction } = await ledger.transfer({ from, to, value: 700_000n, nonce: NONCE });

    expect(transaction).toBe(mockTransactionHash(from, NONCE));
    expect(await ledger.balanceOf(from)).toBe(300_000n);
    expect(await ledger.balanceOf(to)).toBe(1_700_000n);
    expect(await ledger.isNonceUsed(from, NONCE)).toBe(true);
    expect(await ledger.isNonceUsed(to, NONCE)).toBe(false);
  });

  it('refuses a used nonce, whatever the address case', async () => {
    const ledger = new InMemoryMockLedger();
    const [from, to] = [newAddress(), newAddress()];
    await ledger.transfer({ from, to, value: 1n, nonce: NONCE });

    const replay = ledger.transfer({
      from: from.toLowerCase() as Hex,
      to,
      value: 1n,
      nonce: NONCE.toUpperCase().replace('0X', '0x') as Hex,
    });

    await expect(replay).rejects.toBeInstanceOf(NonceAlreadyUsedError);
  });

  it('refuses an overdraft and changes nothing', async () => {
    const ledger = new InMemoryMockLedger({ defaultBalance: 10n });
    const [from, to] = [newAddress(), newAddress()];

    await expect(ledger.transfer({ from, to, value: 11n, nonce: NONCE })).rejects.toBeInstanceOf(
      InsufficientBalanceError,
    );
    expect(await ledger.isNonceUsed(from, NONCE)).toBe(false);
    expect(await ledger.balanceOf(from)).toBe(10n);
  });

  it('lets one of two concurrent transfers of an authorization win', async () => {
    const ledger = new InMemoryMockLedger();
    const [from, to] = [newAddress(), newAddress()];
    const transfer = () => ledger.transfer({ from, to, value: 1n, nonce: NONCE });

    const results = await Promise.allSettled([transfer(), transfer()]);

    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

describe(mockTransactionHash.name, () => {
  it('is a 32-byte hash that says it is fake', () => {
    const hash = mockTransactionHash(newAddress(), NONCE);

    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(hash.startsWith(MOCK_TRANSACTION_HASH_PREFIX)).toBe(true);
    expect(isMockTransactionHash(hash)).toBe(true);
    expect(isMockTransactionHash(`0x${'12'.repeat(32)}`)).toBe(false);
  });
});
