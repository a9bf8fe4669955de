import { readFileSync } from 'node:fs';
import fc from 'fast-check';

/**
 * Generators of hostile values: strings of every kind, JSON texts (valid, malformed,
 * with prototype-pollution keys written literally), header values, path segments and bytes.
 */

/** Keys that pollute prototypes when code copies them with `Object.assign` or `obj[key] = …`. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** Field names our schemas know, so generated objects reach past "unknown key". */
export const FIELD_NAMES = [
  'email',
  'password',
  'name',
  'wantToken',
  'backgroundBlur',
  'recording',
  'title',
  'startsAt',
  'durationMinutes',
  'guestName',
  'guestEmail',
  'timeZone',
  'audioMuted',
  'videoMuted',
  'checkId',
  'clientHints',
  'brands',
  'brand',
  'version',
  'mobile',
  'platform',
  'platformVersion',
  'model',
  'rejoin',
  'participantId',
  'token',
  'text',
  'type',
  'step',
  'outcome',
  'detail',
  'problem',
  'steps',
  'muted',
  'waitingRoom',
  'locked',
  'action',
];

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\t',
  '\u0000',
  '\r\n',
  '\u202e\u202d',
  '\ufeff',
  '\u2028',
  '😀',
  '👩‍👩‍👧',
  'e\u0301',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  '\\',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}',
  '{{7*7}}',
  'a@b',
  'x@example.com',
  '2026-12-01T09:00:00Z',
  '2026-02-30T25:61:61Z',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  'Europe/Berlin',
  'Mars/Olympus',
  'step',
  'troubleshooting',
  'camera',
  'passed',
  'check-12345678',
  'A'.repeat(64),
  'A'.repeat(65),
  '12345678',
  'ask-unmute',
  'mute',
  'stop-video',
  'stop-share',
];

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));

/** Any string, weighted towards the ones that break things: empty, huge, unicode, control characters. */
export const weirdString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: controlChar, maxLength: 8 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc.tuple(fc.constantFrom('x', 'é', '😀', '\u0000', ' '), fc.integer({ min: 60, max: 70_000 })).map(([c, n]) => c.repeat(n)),
    weight: 1,
  },
);

const NUMBER_LITERALS = [
  '0',
  '-0',
  '1',
  '-1',
  '1e309',
  '-1e309',
  '1e-400',
  '0.5',
  '2.5',
  '1E3',
  '9007199254740993',
  '123456789012345678901234567890',
  '30',
  '1440',
  '1441',
];
const numberLiteral = fc.oneof(
  fc.constantFrom(...NUMBER_LITERALS),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
);

export const objectKey = fc.oneof(
  { arbitrary: fc.constantFrom(...FIELD_NAMES), weight: 4 },
  { arbitrary: fc.constantFrom(...POLLUTION_KEYS), weight: 2 },
  { arbitrary: weirdString, weight: 1 },
);

/** A JSON text of any shape. Objects are written by hand so `"__proto__"` keys appear literally. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; scalar: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('scalar'), tie('array'), tie('object')),
  scalar: fc.oneof(
    numberLiteral,
    weirdString.map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(objectKey, tie('value')), { maxLength: 6 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).value;

const MALFORMED = [
  '{',
  '[',
  '{"text": ',
  '{"a":1,}',
  "{'text':'hi'}",
  'NaN',
  '{"a":undefined}',
  '\ufeff{"text":"x"}',
  '{"text":"x"}{"text":"y"}',
  '"',
  'nul',
  '',
  ' ',
  '{"text":"\\ud800"}',
  '{"text":"\\u0000"}',
  '{"text":"x","text":"y"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"name":"x","__proto__":{"isAdmin":true}}',
  '[1,2',
  '{"a":"\\x41"}',
  '\u0000',
];

/** JSON that is not: truncated texts, wrong syntax, huge nesting. */
export const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...MALFORMED),
  fc.tuple(jsonText, fc.nat()).map(([text, cut]) => (text.length > 1 ? text.slice(0, cut % text.length) : text)),
  fc.integer({ min: 1, max: 50_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const headerChar = fc
  .oneof(
    { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 8 },
    { arbitrary: fc.integer({ min: 0x80, max: 0xff }), weight: 1 },
    { arbitrary: fc.constant(0x09), weight: 1 },
  )
  .map((c) => String.fromCharCode(c));

/** A value `Headers` accepts (Latin-1, no CR, LF or NUL): anything else cannot be sent at all. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: headerChar, maxLength: 60 }),
  fc.constantFrom('', ' ', 'null', 'undefined', '%00', 'ÿÿÿ', '"', ';', '=', ',', 'Bearer', 'Bearer ', 'Basic Zm9vOmJhcg=='),
  fc.integer({ min: 129, max: 9000 }).map((n) => 'a'.repeat(n)),
);

/** A path segment (before encoding): traversal, other kinds of ids, wrong sizes, encodings. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '..%2f..%2fetc%2fpasswd',
    '%2e%2e%2f%2e%2e%2f',
    '..%5c..%5c',
    '....//',
    '%00',
    '%ff',
    '%zz',
    '%',
    'a%2Fb',
    '%252e%252e',
  ),
  fc.constantFrom(
    'AAAAAAA',
    'A'.repeat(8),
    'A'.repeat(64),
    'A'.repeat(65),
    '-'.repeat(10),
    '_'.repeat(10),
    '00000000',
    '99999999',
    '-1',
    '01',
    '1.5',
    '1e3',
  ),
  weirdString.filter((s) => s.length < 5000),
);

const WEBM = readFileSync(new URL('../fixtures/chrome-vp8-opus-3s.webm', import.meta.url));

/** Bytes for uploads and recording chunks: random, empty, large, and real WebM with some bytes changed. */
export const bodyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.constant(new Uint8Array(0)),
  fc.tuple(fc.integer({ min: 60_000, max: 80_000 }), fc.integer({ min: 0, max: 255 })).map(([n, b]) => new Uint8Array(n).fill(b)),
  fc
    .tuple(fc.integer({ min: 1, max: 6000 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }))
    .map(([length, flips]) => {
      const bytes = Uint8Array.from(WEBM.subarray(0, length));
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      return bytes;
    }),
  fc.constantFrom(
    new TextEncoder().encode('hello, not a video'),
    new TextEncoder().encode('<svg onload=alert(1)>'),
    new Uint8Array([0, 0, 0]),
  ),
);
