import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it.each([
    ['hello', [{ type: 'text', text: 'hello' }]],
    [
      'see https://example.com/a?b=1.',
      [
        { type: 'text', text: 'see ' },
        { type: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
        { type: 'text', text: '.' },
      ],
    ],
    ['www.example.org', [{ type: 'link', text: 'www.example.org', href: 'https://www.example.org' }]],
    ['javascript:alert(1)', [{ type: 'text', text: 'javascript:alert(1)' }]],
    ['<img src=x onerror=alert(1)>', [{ type: 'text', text: '<img src=x onerror=alert(1)>' }]],
    [
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      [{ type: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' }],
    ],
    [
      '(https://a.example)',
      [
        { type: 'text', text: '(' },
        { type: 'link', text: 'https://a.example', href: 'https://a.example' },
        { type: 'text', text: ')' },
      ],
    ],
  ])('%s', (input, expected) => expect(linkify(input)).toEqual(expected));
});
