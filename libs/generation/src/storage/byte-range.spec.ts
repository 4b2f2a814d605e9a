import { describe, expect, it } from '@jest/globals';
import { parseByteRange } from './byte-range.js';

describe(parseByteRange.name, () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
    ['bytes=999-999', { start: 999, end: 999 }],
    [' bytes=0-0 ', { start: 0, end: 0 }],
  ])('reads %s as a range clamped to the body', (header, expected) => {
    expect(parseByteRange(header, 1000)).toEqual(expected);
  });

  it.each(['bytes=1000-', 'bytes=1000-1200', 'bytes=-0'])('calls %s unsatisfiable', (header) => {
    expect(parseByteRange(header, 1000)).toBe('unsatisfiable');
  });

  it('calls any range of an empty body unsatisfiable', () => {
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-10', 0)).toBe('unsatisfiable');
  });

  it.each([
    undefined,
    '',
    'bytes=',
    'bytes=-',
    'items=0-10',
    'bytes=5-2',
    'bytes=a-b',
    'bytes=0-1,5-9',
  ])('ignores %p so the whole body is served', (header) => {
    expect(parseByteRange(header, 1000)).toBeNull();
  });
});
