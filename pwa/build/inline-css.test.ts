import { describe, expect, it } from 'vitest';
import { withoutDeps } from './inline-css.ts';

const chunk = [
  'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/a-1.js","assets/index-2.js","assets/index-3.css","assets/b-4.js"])))=>i.map(i=>d[i]);',
  'x(()=>import("./a-1.js"),__vite__mapDeps([0,1,2]));y(()=>import("./b-4.js"),__vite__mapDeps([3,2]));z(()=>import("./c.js"),[]);',
].join('\n');

describe('the inlined stylesheet taken out of the preload lists', () => {
  it('drops it from every list, and keeps the rest in order', () => {
    const out = withoutDeps(chunk, new Set(['assets/index-3.css']));
    expect(out).toContain('__vite__mapDeps([0,1  ])');
    expect(out).toContain('__vite__mapDeps([3  ])');
    // Every call and line keeps its length: the source map stays true.
    expect(out.split('\n').map((line) => line.length)).toEqual(chunk.split('\n').map((line) => line.length));
    // What the lists resolve to, as the chunk would run them.
    const names = ['assets/a-1.js', 'assets/index-2.js', 'assets/index-3.css', 'assets/b-4.js'];
    const calls = [...out.matchAll(/__vite__mapDeps\((\[[\d, ]*\])\)/g)].map((m) => (JSON.parse(m[1]!) as number[]).map((i) => names[i]));
    expect(calls).toEqual([['assets/a-1.js', 'assets/index-2.js'], ['assets/b-4.js']]);
  });

  it('leaves a chunk without preload lists, or without that file, as it is', () => {
    expect(withoutDeps('import("./c.js")', new Set(['assets/index-3.css']))).toBe('import("./c.js")');
    expect(withoutDeps(chunk, new Set(['assets/other.css']))).toBe(chunk);
  });
});
