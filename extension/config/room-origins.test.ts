import { expect, it } from 'vitest';
import { isRoomOrigin, originToMatchPattern, roomMatchPatterns } from './room-origins.ts';

it("covers local servers on any port, plus the build's origins", () => {
  expect(roomMatchPatterns(undefined)).toEqual(['http://localhost/*', 'http://127.0.0.1/*']);
  expect(roomMatchPatterns(' https://meet.example.com, https://meet.example.org:8443 ,http://localhost:3000')).toEqual([
    'http://localhost/*',
    'http://127.0.0.1/*',
    'https://meet.example.com/*',
    'https://meet.example.org/*',
  ]);
});

it('refuses what is not an origin', () => {
  expect(() => originToMatchPattern('https://meet.example.com/rooms')).toThrow(/no path/);
  expect(() => originToMatchPattern('chrome://settings')).toThrow(/http/);
});

it("a room page is the server's exact origin or a build origin, port included", () => {
  const build = 'https://meet.example.com, https://meet.example.org:8443';
  expect(isRoomOrigin('http://localhost:3000', 'http://localhost:3000', build)).toBe(true);
  expect(isRoomOrigin('https://meet.example.org:8443', 'http://localhost:3000', build)).toBe(true);
  expect(isRoomOrigin('https://meet.example.com', 'https://meet.example.com/', '')).toBe(true);
  // Another app on the same machine, another port or host name: not a room.
  expect(isRoomOrigin('http://localhost:5173', 'http://localhost:3000', build)).toBe(false);
  expect(isRoomOrigin('http://127.0.0.1:3000', 'http://localhost:3000', build)).toBe(false);
  expect(isRoomOrigin('https://meet.example.org', 'http://localhost:3000', build)).toBe(false);
  expect(isRoomOrigin('null', 'http://localhost:3000', build)).toBe(false);
});
