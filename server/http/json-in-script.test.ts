import { describe, expect, it } from 'vitest';
import { jsonInScript } from './json-in-script.ts';

describe('jsonInScript', () => {
  it('leaves nothing that could end a script element, open a comment or break a line, and reads back the same', () => {
    const value = { title: '</script><!--<script>&amp;\u2028\u2029', n: 1 };
    const text = jsonInScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
