import { Transform } from 'class-transformer';

/** Trims strings and leaves every other type alone, so type checks still see the original. */
export const Trim = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
