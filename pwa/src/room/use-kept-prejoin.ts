import { computed, type ReadonlySignal, useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { until } from '../app/until.ts';
import { whenIdle } from '../app/when-idle.ts';
import { HOLD_MAX_MS, IDLE_MAX_MS } from '../ui/use-later.ts';
import type { CallPage } from './call-page.ts';

/**
 * Whether the pre-join page, just left for the room, stays (hidden) a while: taking it down (its
 * camera preview's player above all) made the room's first drawing one task of 50 ms and more on a
 * busy machine, between the click and the first picture (docs/benchmarks.md). It goes once the page
 * is in the call (its first picture, `gettingIn`; 1.5 s at most), in an idle moment (1 s at most).
 * Only a pre-join page that is there is kept: a page coming from the waiting room draws none.
 */
export function useKeptPreJoin(page: CallPage, gettingIn: ReadonlySignal<boolean>): boolean {
  const preJoinDrawn = useRef(false);
  const retired = useSignal(false);
  const keep = page === 'room' && preJoinDrawn.current && !retired.value;
  preJoinDrawn.current = page === 'pre-join' || keep;
  useEffect(() => {
    if (!keep) return;
    let live = true;
    let cancelIdle = () => {};
    void until(
      computed(() => !gettingIn.value),
      HOLD_MAX_MS,
    ).then(() => {
      if (live) cancelIdle = whenIdle(() => (retired.value = true), { timeoutMs: IDLE_MAX_MS, fallbackMs: 50 });
    });
    return () => {
      live = false;
      cancelIdle();
    };
  }, [keep]);
  return keep;
}
