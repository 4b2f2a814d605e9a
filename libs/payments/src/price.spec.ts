import { InvalidDurationError, InvalidUsdAmountError } from './errors.js';
import { formatAtomicAsUsd, parseUsdToAtomic, quotePrice } from './price.js';

const DEFAULT_SETTINGS = { baseUsd: '0.10', perSecondUsd: '0.01' };

describe('price', () => {
  describe(quotePrice.name, () => {
    it('prices 60 s at the default settings as 0.70 USD, 700000 atomic USDC', () => {
      expect(quotePrice(60, DEFAULT_SETTINGS)).toEqual({ amount: 700_000n, priceUsd: '0.70' });
    });

    it('keeps sub-cent prices exact where floats would drift', () => {
      const quote = quotePrice(3, { baseUsd: '0.1', perSecondUsd: '0.000017' });

      expect(quote).toEqual({ amount: 100_051n, priceUsd: '0.100051' });
    });

    it('shows whole dollars with two decimals', () => {
      expect(quotePrice(300, DEFAULT_SETTINGS).priceUsd).toBe('3.10');
      expect(quotePrice(1, { baseUsd: '2', perSecondUsd: '0' }).priceUsd).toBe('2.00');
    });

    it.each([0, -5, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])(
      'refuses a duration of %p seconds',
      (duration) => {
        expect(() => quotePrice(duration, DEFAULT_SETTINGS)).toThrow(InvalidDurationError);
      },
    );

    it('names the setting that is wrong', () => {
      expect(() => quotePrice(60, { baseUsd: '0.10', perSecondUsd: '-0.01' })).toThrow(
        /perSecondUsd .* negative amounts are not allowed/,
      );
    });
  });

  describe(parseUsdToAtomic.name, () => {
    it.each([
      ['0', 0n],
      ['1', 1_000_000n],
      ['0.1', 100_000n],
      ['0.10', 100_000n],
      ['12.345678', 12_345_678n],
      ['0.000001', 1n],
      [' 0.50 ', 500_000n],
      ['90071992547.409910', 90_071_992_547_409_910n],
    ])('parses %p as %p', (usd, atomic) => {
      expect(parseUsdToAtomic(usd)).toBe(atomic);
    });

    it('refuses more than 6 decimals', () => {
      expect(() => parseUsdToAtomic('0.0000001', 'baseUsd')).toThrow(
        'Price setting baseUsd is "0.0000001": USDC has 6 decimals, ' +
          'so at most 6 digits after the point.',
      );
    });

    it('refuses negative amounts', () => {
      expect(() => parseUsdToAtomic('-1')).toThrow(InvalidUsdAmountError);
    });

    it.each(['', '.5', '1.', '1e-3', '0x10', '$1', '1,50', 'abc', 'Infinity'])(
      'refuses %p',
      (usd) => {
        expect(() => parseUsdToAtomic(usd)).toThrow(/expected a plain decimal/);
      },
    );
  });

  describe(formatAtomicAsUsd.name, () => {
    it.each([
      [0n, '0.00'],
      [1n, '0.000001'],
      [10_000n, '0.01'],
      [705_000n, '0.705'],
      [700_000n, '0.70'],
      [123_456_789n, '123.456789'],
    ])('formats %p as %p', (atomic, usd) => {
      expect(formatAtomicAsUsd(atomic)).toBe(usd);
    });
  });
});
