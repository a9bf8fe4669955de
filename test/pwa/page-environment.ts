import { afterEach, beforeEach, vi } from 'vitest';

/**
 * For tests of page modules in Node: fake timers, the page's address (`location`: PeerJS and the
 * room channel build their URLs from it) and the warnings they log kept quiet; all undone after.
 */
export function usePageEnvironment(address = 'https://meet.example.org/m/meet-1') {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('location', new URL(address));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
}
