import { encodeAbiParameters, getAddress, keccak256, type Address, type Hex } from 'viem';

import { InsufficientBalanceError, NonceAlreadyUsedError } from '../errors.js';

/**
 * Every simulated settlement's transaction hash starts with this, so a fake hash is never taken
 * for a real one in logs, the database or a block explorer link.
 */
export const MOCK_TRANSACTION_HASH_PREFIX = '0xfa4efa4efa4efa4e';

export function isMockTransactionHash(hash: string): boolean {
  return hash.toLowerCase().startsWith(MOCK_TRANSACTION_HASH_PREFIX);
}

/** A recognisable, deterministic 32-byte hash for the transfer of one authorization. */
export function mockTransactionHash(from: Address, nonce: Hex): Hex {
  const digest = keccak256(
    encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [getAddress(from), nonce]),
  );

  return `${MOCK_TRANSACTION_HASH_PREFIX}${digest.slice(MOCK_TRANSACTION_HASH_PREFIX.length)}`;
}

export interface MockTransfer {
  from: Address;
  to: Address;
  value: bigint;
  nonce: Hex;
}

/**
 * State of the simulated USDC token behind the mock facilitator. `transfer` must be atomic,
 * across processes too for a shared (database) ledger: it marks `(from, nonce)` used and moves
 * the funds together, or throws `NonceAlreadyUsedError` / `InsufficientBalanceError` and changes
 * nothing. Its transaction should come from `mockTransactionHash`, so it reads as fake.
 */
export interface MockLedger {
  balanceOf(address: Address): Promise<bigint>;
  isNonceUsed(payer: Address, nonce: Hex): Promise<boolean>;
  transfer(transfer: MockTransfer): Promise<{ transaction: Hex }>;
}

export interface InMemoryMockLedgerOptions {
  /** Balance of any address never seen before, in atomic USDC. Default 100 USDC. */
  defaultBalance?: bigint;
}

/** A process-local ledger in which every payer starts funded. */
export class InMemoryMockLedger implements MockLedger {
  private readonly defaultBalance: bigint;
  private readonly balances = new Map<string, bigint>();
  private readonly usedNonces = new Set<string>();

  constructor(options: InMemoryMockLedgerOptions = {}) {
    this.defaultBalance = options.defaultBalance ?? 100_000_000n;
  }

  setBalance(address: Address, balance: bigint): void {
    this.balances.set(address.toLowerCase(), balance);
  }

  async balanceOf(address: Address): Promise<bigint> {
    return this.balanceNow(address);
  }

  async isNonceUsed(payer: Address, nonce: Hex): Promise<boolean> {
    return this.usedNonces.has(nonceKey(payer, nonce));
  }

  // No await before the last check-and-write, so concurrent transfers cannot interleave.
  async transfer({ from, to, value, nonce }: MockTransfer): Promise<{ transaction: Hex }> {
    const key = nonceKey(from, nonce);

    if (this.usedNonces.has(key)) {
      throw new NonceAlreadyUsedError(from, nonce);
    }

    const balance = this.balanceNow(from);

    if (balance < value) {
      throw new InsufficientBalanceError(from, balance, value);
    }

    this.usedNonces.add(key);
    this.balances.set(from.toLowerCase(), balance - value);
    this.balances.set(to.toLowerCase(), this.balanceNow(to) + value);

    return { transaction: mockTransactionHash(from, nonce) };
  }

  private balanceNow(address: Address): bigint {
    return this.balances.get(address.toLowerCase()) ?? this.defaultBalance;
  }
}

function nonceKey(payer: Address, nonce: Hex): string {
  return `${payer.toLowerCase()}:${nonce.toLowerCase()}`;
}
