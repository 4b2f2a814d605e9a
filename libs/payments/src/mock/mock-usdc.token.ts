import { authorizationTypes } from '@x402/evm';
import { getAddress, serializeSignature, verifyTypedData, type Address, type Hex } from 'viem';

import {
  AuthorizationExpiredError,
  AuthorizationNotYetValidError,
  InsufficientBalanceError,
  InvalidAuthorizationSignatureError,
  NonceAlreadyUsedError,
} from '../errors.js';
import type { X402Network } from '../networks.js';
import type { MockLedger } from './mock-ledger.js';

interface Authorization {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
  signature: Hex;
}

/**
 * The USDC (FiatTokenV2) contract as the facilitator sees it: the checks and revert strings of
 * `transferWithAuthorization` on chain, with balances and nonces kept by a MockLedger.
 */
export class MockUsdcToken {
  readonly address: Address;

  constructor(
    private readonly network: X402Network,
    private readonly ledger: MockLedger,
  ) {
    this.address = getAddress(network.usdcAddress);
  }

  /** Answers a view call, or simulates `transferWithAuthorization` by throwing its revert. */
  async call(functionName: string, args: readonly unknown[] = []): Promise<unknown> {
    switch (functionName) {
      case 'name':
        return this.network.eip712.name;
      case 'version':
        return this.network.eip712.version;
      case 'decimals':
        return 6;
      case 'balanceOf':
        return this.ledger.balanceOf(getAddress(args[0] as string));
      case 'authorizationState':
        return this.ledger.isNonceUsed(getAddress(args[0] as string), args[1] as Hex);
      case 'transferWithAuthorization':
        await this.simulateTransfer(parseTransferArgs(args));

        return undefined;
      default:
        throw new Error(`Mock USDC has no function ${functionName}.`);
    }
  }

  /** The write: the ledger re-checks nonce and balance atomically as it applies the transfer. */
  async transferWithAuthorization(args: readonly unknown[]): Promise<Hex> {
    const authorization = parseTransferArgs(args);
    this.checkTimeWindow(authorization);
    await this.checkSignature(authorization);
    const { transaction } = await this.ledger.transfer(authorization);

    return transaction;
  }

  private async simulateTransfer(authorization: Authorization): Promise<void> {
    this.checkTimeWindow(authorization);

    if (await this.ledger.isNonceUsed(authorization.from, authorization.nonce)) {
      throw new NonceAlreadyUsedError(authorization.from, authorization.nonce);
    }

    await this.checkSignature(authorization);
    const balance = await this.ledger.balanceOf(authorization.from);

    if (balance < authorization.value) {
      throw new InsufficientBalanceError(authorization.from, balance, authorization.value);
    }
  }

  private checkTimeWindow(authorization: Authorization): void {
    const now = BigInt(Math.floor(Date.now() / 1000));

    if (now <= authorization.validAfter) {
      throw new AuthorizationNotYetValidError(authorization.validAfter);
    }

    if (now >= authorization.validBefore) {
      throw new AuthorizationExpiredError(authorization.validBefore);
    }
  }

  private async checkSignature(authorization: Authorization): Promise<void> {
    const signedByPayer = await verifyTypedData({
      address: authorization.from,
      domain: {
        name: this.network.eip712.name,
        version: this.network.eip712.version,
        chainId: this.network.chainId,
        verifyingContract: this.address,
      },
      types: authorizationTypes,
      primaryType: 'TransferWithAuthorization',
      message: {
        from: authorization.from,
        to: authorization.to,
        value: authorization.value,
        validAfter: authorization.validAfter,
        validBefore: authorization.validBefore,
        nonce: authorization.nonce,
      },
      signature: authorization.signature,
    }).catch(() => false);

    if (!signedByPayer) {
      throw new InvalidAuthorizationSignatureError(authorization.from);
    }
  }
}

/** Decodes both ABI overloads: `(…, nonce, v, r, s)` and `(…, nonce, bytes signature)`. */
function parseTransferArgs(args: readonly unknown[]): Authorization {
  const [from, to, value, validAfter, validBefore, nonce, ...signatureParts] = args;
  const signature =
    signatureParts.length === 3
      ? serializeSignature({
          v: BigInt(signatureParts[0] as number | bigint),
          r: signatureParts[1] as Hex,
          s: signatureParts[2] as Hex,
        })
      : (signatureParts[0] as Hex);

  return {
    from: getAddress(from as string),
    to: getAddress(to as string),
    value: BigInt(value as bigint),
    validAfter: BigInt(validAfter as bigint),
    validBefore: BigInt(validBefore as bigint),
    nonce: nonce as Hex,
    signature,
  };
}
