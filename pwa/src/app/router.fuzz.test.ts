import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRoute, type Route } from './route-match.ts';

const ROUTE_NAMES: ReadonlySet<Route['name']> = new Set([
  'home',
  'signin',
  'signup',
  'account',
  'admin',
  'meeting',
  'meeting-not-found',
  'not-found',
]);

/** Path pieces that break naive decoders: bad escapes, half UTF-8 sequences, slashes, dots, unicode. */
const nasty = fc.constantFrom(
  '%',
  '%z',
  '%zz',
  '%E0%A4%A',
  '%C3',
  '%25',
  '%2F',
  '%00',
  '..',
  '.',
  '//',
  '?',
  '#',
  '\u0000',
  '\uD800',
  '😀',
  ' ',
  '+',
);
const segment = fc
  .array(fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }), nasty), { maxLength: 4 })
  .map((parts) => parts.join(''));
const path = fc.oneof(
  fc.array(segment, { maxLength: 4 }).map((segments) => `/${segments.join('/')}`),
  segment.map((id) => `/m/${id}`),
  segment.map((id) => `/m/${id}/`),
  fc.webPath(),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const search = fc.oneof(
  fc.constant(''),
  segment.map((s) => `?${s}`),
  segment.map((s) => `?invite=${s}`),
  fc.webQueryParameters().map((q) => `?${q}`),
);

describe('matchRoute under generated addresses', () => {
  it('always answers a route and never throws', () => {
    fc.assert(
      fc.property(path, search, (p, s) => {
        const route = matchRoute(p, s);
        expect(ROUTE_NAMES.has(route.name)).toBe(true);
        if (route.name === 'meeting') {
          expect(route.meetingId.trim()).not.toBe('');
          expect(route.invite === null || route.invite.length > 0).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives back any meeting id that was encoded into the address', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }).filter((id) => id.trim() !== ''),
        (id) => {
          expect(matchRoute(`/m/${encodeURIComponent(id)}`)).toEqual({ name: 'meeting', meetingId: id, invite: null });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it.each(['/m/%zz', '/m/%', '/m/%E0%A4%A', '/m/%C3/', '/m/%20'])('%s is a meeting that does not exist, not a crash', (p) => {
    expect(matchRoute(p, '?invite=%zz').name).toBe('meeting-not-found');
  });

  it('a malformed invite parameter is read leniently, not thrown', () => {
    expect(matchRoute('/m/abc', '?invite=%zz')).toEqual({ name: 'meeting', meetingId: 'abc', invite: '%zz' });
    expect(matchRoute('/m/abc', '?invite=')).toEqual({ name: 'meeting', meetingId: 'abc', invite: null });
  });

  it('an undecodable path elsewhere is a page not found with the raw path', () => {
    expect(matchRoute('/%zz')).toEqual({ name: 'not-found', path: '/%zz' });
  });
});
