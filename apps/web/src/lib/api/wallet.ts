// Signs an x402 `exact` payment with the browser's injected EIP-1193 wallet. The x402 and viem
// code is loaded on demand so listeners who never pay with a wallet do not download it.
import type { EIP1193Provider } from 'viem';
import type { PaymentChallenge } from './types';

declare global {
  interface Window {
    ethereum?: EIP1193Provider;
  }
}

export class WalletError extends Error {
  override name = 'WalletError';
}

export function hasInjectedWallet(): boolean {
  return typeof window !== 'undefined' && !!window.ethereum;
}

interface ProviderError {
  code?: number;
  shortMessage?: string;
  message?: string;
  cause?: ProviderError;
}

function describeWalletError(error: unknown): string {
  const err = error as ProviderError;
  const code = err?.code ?? err?.cause?.code;

  if (code === 4001) {
    return 'You declined the request in your wallet.';
  }

  if (code === 4902) {
    return 'Your wallet does not know this network yet. Add it in your wallet and try again.';
  }

  if (code === -32002) {
    return 'Your wallet already has a request open. Check the wallet window.';
  }

  return err?.shortMessage ?? err?.message ?? 'The wallet could not sign the payment.';
}

/** Returns the base64 x402 PaymentPayload, the same format as the `PAYMENT-SIGNATURE` header. */
export async function payWithInjectedWallet(challenge: PaymentChallenge): Promise<string> {
  const provider = window.ethereum;

  if (!provider) {
    throw new WalletError('No browser wallet found. Install one or paste a payment proof.');
  }

  const requirement = challenge.accepts[0];
  const chainId = Number(requirement.network.split(':')[1]);

  const [{ x402Client }, { ExactEvmScheme }, { encodePaymentSignatureHeader }, viem] =
    await Promise.all([
      import('@x402/core/client'),
      import('@x402/evm/exact/client'),
      import('@x402/core/http'),
      import('viem'),
    ]);

  try {
    const wallet = viem.createWalletClient({ transport: viem.custom(provider) });
    const [address] = await wallet.requestAddresses();

    if (!address) {
      throw new WalletError('Your wallet did not share an account.');
    }

    if (Number.isFinite(chainId) && (await wallet.getChainId()) !== chainId) {
      await wallet.switchChain({ id: chainId });
    }

    const signer = {
      address,
      signTypedData: (message: {
        domain: Record<string, unknown>;
        types: Record<string, unknown>;
        primaryType: string;
        message: Record<string, unknown>;
      }) =>
        wallet.signTypedData({ account: address, ...message } as Parameters<
          typeof wallet.signTypedData
        >[0]),
    };

    // The listener has seen and accepted this exact amount, so cap spending at it.
    const client = new x402Client()
      .register(requirement.network as `${string}:${string}`, new ExactEvmScheme(signer))
      .setSpendControls({
        maxAmountPerPayment: false,
        allowedAssets: [
          {
            network: requirement.network as `${string}:${string}`,
            asset: requirement.asset,
            maxAmountPerPayment: requirement.amount,
          },
        ],
      });
    const payload = await client.createPaymentPayload(
      challenge as unknown as Parameters<typeof client.createPaymentPayload>[0],
    );

    return encodePaymentSignatureHeader(payload);
  } catch (error) {
    if (error instanceof WalletError) {
      throw error;
    }
    throw new WalletError(describeWalletError(error));
  }
}
