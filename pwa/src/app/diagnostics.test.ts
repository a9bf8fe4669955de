import { afterEach, expect, it } from 'vitest';
import { DIAGNOSTICS_GLOBAL, offerDiagnostics } from './diagnostics.ts';

afterEach(() => void delete (globalThis as Record<string, unknown>)[DIAGNOSTICS_GLOBAL]);

it('exposes nothing unless a harness installed a place for it', () => {
  offerDiagnostics('blur', { secret: 1 });
  expect(Object.keys(globalThis)).not.toContain(DIAGNOSTICS_GLOBAL);
  const sink: Record<string, unknown> = {};
  (globalThis as Record<string, unknown>)[DIAGNOSTICS_GLOBAL] = sink;
  offerDiagnostics('blur', { secret: 1 });
  expect(sink).toEqual({ blur: { secret: 1 } });
});
