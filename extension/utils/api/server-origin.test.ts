import { expect, test } from 'vitest';
import { parseServerOrigin } from './server-origin.ts';

test.each([
  ['meet.example.com', 'https://meet.example.com'],
  [' https://meet.example.com/ ', 'https://meet.example.com'],
  ['https://meet.example.com/m/abcdefgh12?invite=x', 'https://meet.example.com'],
  ['localhost:3000', 'http://localhost:3000'],
  ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
])('%j is the server %s', (input, origin) => {
  expect(parseServerOrigin(input)).toEqual({ ok: true, origin });
});

test.each([
  ['', /Enter the address/],
  ['http://meet.example.com', /Use https:\/\//],
  ['ftp://meet.example.com', /must start with https:\/\//],
  ['https://exa mple.com', /is not a web address/],
])('%j is refused with a clear message', (input, message) => {
  const result = parseServerOrigin(input);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.message).toMatch(message);
});
