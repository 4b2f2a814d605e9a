import type { Network } from '@x402/core/types';
import type { Address } from 'viem';

import { UnknownNetworkError } from './errors.js';

export type X402NetworkName = 'base-sepolia' | 'base';

export interface X402Network {
  name: X402NetworkName;
  /** CAIP-2 id, the only network form x402 v2 puts on the wire. */
  caip2: Network;
  chainId: number;
  usdcAddress: Address;
  /** The USDC contract's EIP-712 domain; a wrong name or version fails every signature. */
  eip712: { name: string; version: string };
  mainnet: boolean;
}

const NETWORKS: readonly X402Network[] = [
  {
    name: 'base-sepolia',
    caip2: 'eip155:84532',
    chainId: 84532,
    usdcAddress: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    eip712: { name: 'USDC', version: '2' },
    mainnet: false,
  },
  {
    name: 'base',
    caip2: 'eip155:8453',
    chainId: 8453,
    usdcAddress: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
    eip712: { name: 'USD Coin', version: '2' },
    mainnet: true,
  },
];

export const SUPPORTED_X402_NETWORKS: readonly X402Network[] = NETWORKS;

/** Accepts the v1 name (`base-sepolia`) or the CAIP-2 id (`eip155:84532`). */
export function resolveX402Network(nameOrCaip2: string): X402Network {
  const key = nameOrCaip2.trim().toLowerCase();
  const network = NETWORKS.find((candidate) => candidate.name === key || candidate.caip2 === key);

  if (!network) {
    throw new UnknownNetworkError(nameOrCaip2);
  }

  return { ...network, eip712: { ...network.eip712 } };
}
