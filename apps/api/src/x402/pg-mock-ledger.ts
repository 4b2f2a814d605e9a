import {
  InsufficientBalanceError,
  mockTransactionHash,
  NonceAlreadyUsedError,
  type MockLedger,
  type MockTransfer,
} from '@radio402/payments';
import { sql } from 'kysely';
import type { Address, Hex } from 'viem';
import type { Db } from '../database/database.module.js';

/**
 * The simulated chain of mock mode, kept in Postgres so every replica shares it: balances
 * (every payer starts funded) and the used (payer, nonce) pairs, as USDC's
 * `authorizationState` would.
 */
export class PgMockLedger implements MockLedger {
  constructor(
    private readonly db: Db,
    private readonly defaultBalance: bigint,
  ) {}

  async balanceOf(address: Address): Promise<bigint> {
    const row = await this.db
      .selectFrom('mock_chain_balances')
      .select('balance')
      .where('address', '=', address.toLowerCase())
      .executeTakeFirst();

    return row ? BigInt(row.balance) : this.defaultBalance;
  }

  async isNonceUsed(payer: Address, nonce: Hex): Promise<boolean> {
    const row = await this.db
      .selectFrom('mock_chain_nonces')
      .select('nonce')
      .where('payer', '=', payer.toLowerCase())
      .where('nonce', '=', nonce.toLowerCase())
      .executeTakeFirst();

    return row !== undefined;
  }

  async transfer({ from, to, value, nonce }: MockTransfer): Promise<{ transaction: Hex }> {
    const transaction = mockTransactionHash(from, nonce);

    return this.db.transaction().execute(async (trx) => {
      const used = await trx
        .insertInto('mock_chain_nonces')
        .values({ payer: from.toLowerCase(), nonce: nonce.toLowerCase(), transaction })
        .onConflict((conflict) => conflict.doNothing())
        .returning('nonce')
        .executeTakeFirst();
      if (!used) throw new NonceAlreadyUsedError(from, nonce);

      for (const address of [from, to]) {
        await trx
          .insertInto('mock_chain_balances')
          .values({ address: address.toLowerCase(), balance: this.defaultBalance })
          .onConflict((conflict) => conflict.column('address').doNothing())
          .execute();
      }
      const debited = await trx
        .updateTable('mock_chain_balances')
        .set({ balance: sql`balance - ${value.toString()}::numeric`, updated_at: sql`now()` })
        .where('address', '=', from.toLowerCase())
        .where(sql<boolean>`balance >= ${value.toString()}::numeric`)
        .returning('balance')
        .executeTakeFirst();
      if (!debited) {
        // Read through the transaction: embedded PGlite has one session, held by it.
        const current = await trx
          .selectFrom('mock_chain_balances')
          .select('balance')
          .where('address', '=', from.toLowerCase())
          .executeTakeFirstOrThrow();
        throw new InsufficientBalanceError(from, BigInt(current.balance), value);
      }
      await trx
        .updateTable('mock_chain_balances')
        .set({ balance: sql`balance + ${value.toString()}::numeric`, updated_at: sql`now()` })
        .where('address', '=', to.toLowerCase())
        .execute();

      return { transaction };
    });
  }
}
