import type { TrackStatus } from './api/types';

export function parseTime(value: string | number | null | undefined): number {
  if (value === null || value === undefined) {
    return Number.NaN;
  }

  return typeof value === 'number' ? value : Date.parse(value);
}

/** 75_000 → "1:15". */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;

  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** "1 minute", "1 min 30 s", "45 seconds". */
export function formatLength(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;

  if (minutes === 0) {
    return `${seconds} seconds`;
  }

  if (rest === 0) {
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  }

  return `${minutes} min ${rest} s`;
}

/** "1:30" for 90, "2 min" for 120. */
export function formatDuration(seconds: number): string {
  if (seconds % 60 === 0) {
    return `${seconds / 60} min`;
  }

  return seconds < 60 ? `${seconds} s` : formatClock(seconds * 1000);
}

/** Atomic USDC (6 decimals) as money with at least 2 decimals: "700000" → "0.70". */
export function formatUsdc(atomic: string): string {
  if (!/^\d+$/.test(atomic)) {
    return atomic;
  }

  const padded = atomic.padStart(7, '0');
  const whole = padded.slice(0, -6).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(-6).replace(/0+$/, '').padEnd(2, '0');

  return `${whole}.${fraction}`;
}

export function formatUsd(price: string | number): string {
  const value = Number(price);

  return Number.isFinite(value) ? `$${value.toFixed(2)}` : `$${price}`;
}

export function shortAddress(address: string, head = 6, tail = 4): string {
  return address.length > head + tail + 1
    ? `${address.slice(0, head)}…${address.slice(-tail)}`
    : address;
}

/** Time until a future moment, spoken the way a radio host would: "in 2 min". */
export function formatUntil(ms: number): string {
  if (!Number.isFinite(ms)) {
    return '';
  }

  if (ms <= 15_000) {
    return 'any moment';
  }

  if (ms < 60_000) {
    return `in ${Math.round(ms / 1000)} s`;
  }

  const minutes = Math.round(ms / 60_000);

  if (minutes < 60) {
    return `in ${minutes} min`;
  }

  return `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatAgo(ms: number): string {
  if (!Number.isFinite(ms) || ms < 45_000) {
    return 'just now';
  }

  const minutes = Math.round(ms / 60_000);

  if (minutes < 60) {
    return `${minutes} min ago`;
  }

  const hours = Math.round(minutes / 60);

  return hours < 24 ? `${hours} h ago` : `${Math.round(hours / 24)} d ago`;
}

/** Seconds left, as "4:59". */
export function formatCountdown(ms: number): string {
  return formatClock(Math.max(0, ms) + 999);
}

export const STATUS_LABELS: Record<TrackStatus, string> = {
  PENDING_PAYMENT: 'Pending payment',
  PAID: 'Paid',
  GENERATING: 'Generating...',
  READY: 'Ready',
  PLAYING: 'Playing',
  PLAYED: 'Played',
  FAILED: 'Failed',
  EXPIRED: 'Expired',
};

export type StatusTone = 'waiting' | 'working' | 'good' | 'live' | 'done' | 'bad';

export const STATUS_TONES: Record<TrackStatus, StatusTone> = {
  PENDING_PAYMENT: 'waiting',
  PAID: 'working',
  GENERATING: 'working',
  READY: 'good',
  PLAYING: 'live',
  PLAYED: 'done',
  FAILED: 'bad',
  EXPIRED: 'done',
};

const NETWORK_LABELS: Record<string, string> = {
  'base-sepolia': 'Base Sepolia (testnet)',
  base: 'Base',
};

/** The server names networks by slug ("base-sepolia"); people read "Base Sepolia (testnet)". */
export function formatNetwork(name: string): string {
  return (
    NETWORK_LABELS[name] ??
    name
      .split(/[-_]/)
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(' ')
  );
}
