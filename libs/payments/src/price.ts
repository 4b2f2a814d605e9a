import { InvalidDurationError, InvalidUsdAmountError } from './errors.js';

/** USDC has 6 decimals on every network we support. */
export const USDC_DECIMALS = 6;

const ATOMIC_PER_USD = 10n ** BigInt(USDC_DECIMALS);
const USD_PATTERN = /^(\d+)(?:\.(\d+))?$/;

export interface PriceSettings {
  /** Flat part of every price, a decimal USD string such as "0.10". */
  baseUsd: string;
  /** Added for each second of the track, a decimal USD string such as "0.01". */
  perSecondUsd: string;
}

export interface PriceQuote {
  /** Atomic USDC (6 decimals): 700000n is 0.70 USDC. */
  amount: bigint;
  /** The same amount in USD with at least 2 decimals, more only when needed: "0.70", "0.705". */
  priceUsd: string;
}

/** Parses a decimal USD string into atomic USDC without ever going through a float. */
export function parseUsdToAtomic(value: string, setting = 'amount'): bigint {
  const trimmed = value.trim();

  if (trimmed.startsWith('-')) {
    throw new InvalidUsdAmountError(setting, value, 'negative amounts are not allowed');
  }

  const match = USD_PATTERN.exec(trimmed);

  if (!match) {
    throw new InvalidUsdAmountError(setting, value, 'expected a plain decimal such as "0.10"');
  }

  const [, whole, fraction = ''] = match;

  if (fraction.length > USDC_DECIMALS) {
    throw new InvalidUsdAmountError(
      setting,
      value,
      `USDC has ${USDC_DECIMALS} decimals, so at most ${USDC_DECIMALS} digits after the point`,
    );
  }

  return BigInt(whole) * ATOMIC_PER_USD + BigInt(fraction.padEnd(USDC_DECIMALS, '0'));
}

/** Formats atomic USDC as USD with at least 2 decimals and no trailing zeros beyond them. */
export function formatAtomicAsUsd(amount: bigint): string {
  if (amount < 0n) {
    throw new RangeError(`Cannot format a negative amount: ${amount}.`);
  }

  const whole = amount / ATOMIC_PER_USD;
  const fraction = (amount % ATOMIC_PER_USD).toString().padStart(USDC_DECIMALS, '0');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');

  return `${whole}.${trimmed}`;
}

/** Price of a track: base + perSecond × duration, in integer atomic units. */
export function quotePrice(durationSeconds: number, settings: PriceSettings): PriceQuote {
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds <= 0) {
    throw new InvalidDurationError(durationSeconds);
  }

  const base = parseUsdToAtomic(settings.baseUsd, 'baseUsd');
  const perSecond = parseUsdToAtomic(settings.perSecondUsd, 'perSecondUsd');
  const amount = base + perSecond * BigInt(durationSeconds);

  return { amount, priceUsd: formatAtomicAsUsd(amount) };
}
