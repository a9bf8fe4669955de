import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales.ts';
import { formatPlainInteger } from './plain-integer.ts';

describe('formatPlainInteger', () => {
  const samples = [0, 1, 7, 42, 100, 999, 1000, 1234, 9999, 10_000, 65_536, 999_999, 1_000_000, 123_456_789, Number.MAX_SAFE_INTEGER];

  it.each(LOCALES)('writes whole numbers as Intl does in %s, negative ones too', (locale) => {
    for (const n of [...samples, ...samples.map((s) => -s).filter((s) => s !== 0)])
      expect(formatPlainInteger(n, locale), `${n}`).toBe(n.toLocaleString(locale));
  });

  it('leaves fractions, -0, unsafe integers, NaN and other languages to Intl', () => {
    for (const n of [1.5, -0, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatPlainInteger(n, 'en')).toBeNull();
    for (const locale of ['ar-EG', 'fr', 'toString', '']) expect(formatPlainInteger(12, locale)).toBeNull();
  });
});
