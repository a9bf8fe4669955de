import { expect, test } from 'vitest';
import { blurOffered, devOverrides } from './blur-flag.ts';

test.each([
  [{ features: { backgroundBlur: true, recording: false } }, true],
  [{ features: { backgroundBlur: false, recording: true } }, false],
  [{}, false],
  [null, false],
])('blurOffered(%j) is %s', (meeting, expected) => {
  expect(blurOffered(meeting)).toBe(expected);
});

test('devOverrides', () => {
  expect(devOverrides('?blur-runtime=gl')).toEqual({ runtime: 'gl' });
  expect(devOverrides('?blur-runtime=cuda')).toEqual({ runtime: null });
  expect(devOverrides('?blur-runtime=probe').runtime).toBe('probe');
  // The flag cannot be switched on from the URL.
  expect(devOverrides('?beta=blur')).toEqual({ runtime: null });
});
