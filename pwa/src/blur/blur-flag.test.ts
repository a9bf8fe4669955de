import { expect, test } from 'vitest';
import { blurOffered, devOverrides } from './blur-flag';

test.each([
  [{ features: { backgroundBlur: true, recording: false } }, '', true],
  [{ features: { backgroundBlur: false, recording: true } }, '', false],
  [{ id: 'plain meeting without features' }, '', false],
  [null, '', false],
  [null, '?beta=blur', true],
  [{ features: { backgroundBlur: false } }, '?beta=chat,blur', true],
  [null, '?beta=blurry', false],
])('blurOffered(%j, %j) is %s', (meeting, search, expected) => {
  expect(blurOffered(meeting, search)).toBe(expected);
});

test('devOverrides', () => {
  expect(devOverrides('?blur-runtime=gl&blur-debug')).toEqual({ offer: false, runtime: 'gl', debug: true });
  expect(devOverrides('?blur-runtime=cuda')).toEqual({ offer: false, runtime: null, debug: false });
  expect(devOverrides('?blur-runtime=probe').runtime).toBe('probe');
});
