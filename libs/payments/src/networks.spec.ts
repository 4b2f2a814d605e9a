import { getDefaultAsset } from '@x402/evm';

import { UnknownNetworkError } from './errors.js';
import { resolveX402Network, SUPPORTED_X402_NETWORKS } from './networks.js';

describe(resolveX402Network.name, () => {
  it.each(['base-sepolia', 'eip155:84532', ' Base-Sepolia '])(
    'resolves %p to Base Sepolia',
    (name) => {
      expect(resolveX402Network(name)).toEqual({
        name: 'base-sepolia',
        caip2: 'eip155:84532',
        chainId: 84532,
        usdcAddress: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
        eip712: { name: 'USDC', version: '2' },
        mainnet: false,
      });
    },
  );

  it.each(['base', 'eip155:8453'])('resolves %p to Base mainnet', (name) => {
    expect(resolveX402Network(name)).toMatchObject({
      name: 'base',
      chainId: 8453,
      usdcAddress: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
      eip712: { name: 'USD Coin', version: '2' },
      mainnet: true,
    });
  });

  it.each(['ethereum', 'eip155:1', '', 'base-mainnet'])('refuses %p with a named error', (name) => {
    expect(() => resolveX402Network(name)).toThrow(UnknownNetworkError);
  });

  it('hands out copies, so callers cannot change the table', () => {
    resolveX402Network('base-sepolia').eip712.name = 'changed';

    expect(resolveX402Network('base-sepolia').eip712.name).toBe('USDC');
  });

  it.each(SUPPORTED_X402_NETWORKS.map((network) => [network.name, network] as const))(
    'agrees with the USDC domain @x402/evm ships for %s',
    (_, network) => {
      const asset = getDefaultAsset(network.caip2);

      expect(asset.asset.toLowerCase()).toBe(network.usdcAddress.toLowerCase());
      expect({ name: asset.name, version: asset.version }).toEqual(network.eip712);
      expect(asset.decimals).toBe(6);
    },
  );
});
