import { describe, expect, it } from 'vitest';
import { matchRoute } from './route-match.ts';

describe('matchRoute', () => {
  it.each([
    ['/', '', { name: 'home' }],
    ['/signin', '', { name: 'signin' }],
    ['/signup', '', { name: 'signup' }],
    ['/account', '', { name: 'account' }],
    ['/admin', '', { name: 'admin' }],
    ['/m/abcDEF123xyz', '', { name: 'meeting', meetingId: 'abcDEF123xyz', invite: null }],
    ['/m/abc/', '?invite=tok_en-1', { name: 'meeting', meetingId: 'abc', invite: 'tok_en-1' }],
    ['/m/', '', { name: 'not-found', path: '/m/' }],
    ['/elsewhere', '', { name: 'not-found', path: '/elsewhere' }],
  ])('%s%s', (path, search, route) => expect(matchRoute(path, search)).toEqual(route));
});
