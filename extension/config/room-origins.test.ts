import { expect, it } from 'vitest';
import { originToMatchPattern, roomMatchPatterns } from './room-origins.ts';

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
