import { eip3009ABI, type FacilitatorEvmSigner } from '@x402/evm';
import {
  decodeFunctionData,
  encodeFunctionResult,
  isAddressEqual,
  isHash,
  verifyTypedData,
  type Abi,
  type Address,
  type Hex,
} from 'viem';

import type { MockUsdcToken } from './mock-usdc.token.js';

/** Where @x402/evm sends its diagnostic `tryAggregate` batch after a failed simulation. */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** Any non-empty bytecode: the facilitator only asks whether the asset is a contract. */
const TOKEN_BYTECODE: Hex = '0x6080604052';
const TOKEN_ABI = eip3009ABI as unknown as Abi;

interface AggregateCall {
  target: Address;
  callData: Hex;
}

/**
 * The only I/O of @x402/evm's exact facilitator, answered by a simulated chain holding one
 * contract (USDC) plus Multicall3. Payers are EOAs (no code), so signatures are recovered
 * locally; raw transactions (smart-wallet deployment) are refused.
 */
export function createMockEvmSigner(
  token: MockUsdcToken,
  facilitatorAddress: Address,
): FacilitatorEvmSigner {
  const settled = new Set<string>();

  return {
    getAddresses: () => [facilitatorAddress],

    async readContract({ address, functionName, args = [] }) {
      if (isAddressEqual(address, MULTICALL3_ADDRESS) && functionName === 'tryAggregate') {
        return tryAggregate(token, args[1] as readonly AggregateCall[]);
      }

      if (isAddressEqual(address, token.address)) {
        return token.call(functionName, args);
      }

      throw new Error(`Mock chain: execution reverted, no contract at ${address}.`);
    },

    verifyTypedData: (typedData) => verifyTypedData(typedData as never),

    async writeContract({ address, functionName, args }) {
      if (!isAddressEqual(address, token.address) || functionName !== 'transferWithAuthorization') {
        throw new Error(`Mock chain: only USDC transferWithAuthorization is simulated.`);
      }

      const hash = await token.transferWithAuthorization(args);

      if (!isHash(hash)) {
        throw new Error(`Mock ledger returned an invalid transaction hash: ${hash}.`);
      }

      settled.add(hash.toLowerCase());

      return hash;
    },

    async sendTransaction() {
      throw new Error('Mock chain: raw transactions (smart wallet deployment) are not simulated.');
    },

    async waitForTransactionReceipt({ hash }) {
      if (!settled.has(hash.toLowerCase())) {
        throw new Error(`Mock chain: transaction ${hash} was never sent.`);
      }

      return { status: 'success' };
    },

    async getCode({ address }) {
      return isAddressEqual(address, token.address) ? TOKEN_BYTECODE : '0x';
    },
  };
}

/** Multicall3 `tryAggregate(false, calls)`: a reverting call yields `success: false`. */
async function tryAggregate(token: MockUsdcToken, calls: readonly AggregateCall[]) {
  return Promise.all(
    calls.map(async ({ target, callData }) => {
      if (!isAddressEqual(target, token.address)) {
        return { success: false, returnData: '0x' as Hex };
      }

      try {
        const { functionName, args } = decodeFunctionData({ abi: TOKEN_ABI, data: callData });
        const result = await token.call(functionName, args ?? []);
        const returnData =
          result === undefined
            ? '0x'
            : encodeFunctionResult({ abi: TOKEN_ABI, functionName, result } as never);

        return { success: true, returnData: returnData as Hex };
      } catch {
        return { success: false, returnData: '0x' as Hex };
      }
    }),
  );
}
