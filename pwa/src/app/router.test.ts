import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'home' }],
    ['/m/abcDEF123_-xyz', { name: 'meeting', meetingId: 'abcDEF123_-xyz' }],
    ['/m/abc/', { name: 'meeting', meetingId: 'abc' }],
    ['/m/', { name: 'not-found', path: '/m/' }],
    ['/elsewhere', { name: 'not-found', path: '/elsewhere' }],
  ])('%s', (path, route) => expect(matchRoute(path)).toEqual(route));
});
