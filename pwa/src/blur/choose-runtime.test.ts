import { describe, expect, it, test } from 'vitest';
import { chooseRuntime, deviceKey, isSoftwareRenderer, pickFaster, type RuntimeFacts } from './choose-runtime.ts';

const GPU = 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)';
const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

describe('chooseRuntime', () => {
  test.each<[string, RuntimeFacts, ReturnType<typeof chooseRuntime>]>([
    [
      'a forced runtime wins',
      { forced: 'gl', remembered: 'cpu', webglRenderer: SWIFTSHADER, available: ['cpu', 'gl'] },
      { runtime: 'gl', reason: 'forced' },
    ],
    [
      'a forced runtime that cannot run is ignored',
      { forced: 'gl', webglRenderer: null, available: ['cpu'] },
      { runtime: 'cpu', reason: 'only-one' },
    ],
    [
      'an earlier probe is remembered',
      { remembered: 'gl', webglRenderer: GPU, available: ['cpu', 'gl'] },
      { runtime: 'gl', reason: 'remembered' },
    ],
    ['software WebGL: the CPU', { webglRenderer: SWIFTSHADER, available: ['cpu', 'gl'] }, { runtime: 'cpu', reason: 'no-gpu' }],
    [
      'llvmpipe: the CPU',
      { webglRenderer: 'llvmpipe (LLVM 15.0.6, 256 bits)', available: ['cpu', 'gl'] },
      { runtime: 'cpu', reason: 'no-gpu' },
    ],
    ['no WebGL: the CPU', { webglRenderer: null, available: ['cpu'] }, { runtime: 'cpu', reason: 'only-one' }],
    [
      'a forced probe times both, even without a GPU',
      { forced: 'probe', remembered: 'cpu', webglRenderer: SWIFTSHADER, available: ['cpu', 'gl'] },
      { probe: ['cpu', 'gl'] },
    ],
    ['a real GPU: time both', { webglRenderer: GPU, available: ['cpu', 'gl'] }, { probe: ['cpu', 'gl'] }],
  ])('%s', (_, facts, expected) => {
    expect(chooseRuntime(facts)).toEqual(expected);
  });

  it('fails when nothing can run', () => {
    expect(() => chooseRuntime({ webglRenderer: null, available: [] })).toThrow(/not supported/);
  });
});

describe('pickFaster', () => {
  test.each([
    [{ cpu: [6, 5, 40], gl: [30, 31, 29] }, 'cpu'],
    [{ cpu: [20, 22, 21], gl: [8, 9, 50] }, 'gl'],
    [{ cpu: [], gl: [100] }, 'gl'],
    [{ cpu: [12] }, 'cpu'],
  ] as const)('%j → %s', (samples, expected) => {
    expect(pickFaster(samples as never)).toBe(expected);
  });

  it('fails when no runtime produced a mask', () => {
    expect(() => pickFaster({})).toThrow();
  });
});

test('isSoftwareRenderer and deviceKey', () => {
  expect(isSoftwareRenderer(SWIFTSHADER)).toBe(true);
  expect(isSoftwareRenderer(GPU)).toBe(false);
  expect(deviceKey(GPU, 8, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36')).toBe(`${GPU}|8|Chrome/131`);
  expect(deviceKey(null, 2, 'curl')).toBe('no-webgl|2|other');
});
