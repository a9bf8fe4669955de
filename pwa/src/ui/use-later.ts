import { computed, type ReadonlySignal, useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { afterNextFrame, nextTask } from '../app/next-task.ts';
import { until } from '../app/until.ts';
import { whenIdle } from '../app/when-idle.ts';

/** How long `heldBy` may hold a later part back at most (ms). */
export const HOLD_MAX_MS = 1500;
/** How long `idle` may wait for an idle moment at most (ms). */
export const IDLE_MAX_MS = 1000;

export interface LaterOptions {
  /** From the task after the next frame (or 100 ms at most), not merely the next task. */
  afterFrame?: boolean;
  /**
   * Then in the page's next idle moment (`IDLE_MAX_MS` at most; Safari, which has no idle callback:
   * 50 ms later): a part nobody needs in the page's first moments, whose drawing should not fall in
   * the tasks right after them (a click that comes at once waits for it).
   */
  idle?: boolean;
  /**
   * While true, the part waits (then comes in a task of its own), for `holdMaxMs` at most: the
   * room's controls wait while the page gets into the call (room/join-phase.ts), so that drawing
   * them does not hold up the call's offer, answer and candidates.
   */
  heldBy?: ReadonlySignal<boolean>;
  holdMaxMs?: number;
}

/**
 * A signal false on a component's first render and true from the next task on (see the options):
 * the parts of a page a person does not need in its first moment (below the fold, secondary) are
 * drawn in a task of their own, so that the page's first render is two shorter tasks instead of
 * one long one. The component that makes it does not re-render when it turns: the parts that read
 * it do (`Shown`), all in the same task.
 */
export function useLaterSignal({
  afterFrame = false,
  idle = false,
  heldBy,
  holdMaxMs = HOLD_MAX_MS,
}: LaterOptions = {}): ReadonlySignal<boolean> {
  const later = useSignal(false);
  useLayoutEffect(() => {
    let live = true;
    let cancelIdle = () => {};
    void (async () => {
      await (afterFrame ? afterNextFrame() : nextTask());
      if (live && idle) await new Promise<void>((resolve) => (cancelIdle = whenIdle(resolve, { timeoutMs: IDLE_MAX_MS, fallbackMs: 50 })));
      if (live && heldBy) {
        // Until it lets go (or the cap), then a task of its own, not the task that let it go
        // (whose effects may be running now).
        await until(
          computed(() => !heldBy.value),
          holdMaxMs,
        );
        await nextTask();
      }
      if (live) later.value = true;
    })();
    return () => {
      live = false;
      cancelIdle();
    };
  }, []);
  return later;
}

/** `useLaterSignal`'s value: this component re-renders when it turns. */
export function useLater(options: LaterOptions = {}): boolean {
  return useLaterSignal(options).value;
}

/** Its children once `when` is true; `until` (an empty box keeping their room, say) before. */
export function Shown({
  when,
  children,
  until = null,
}: {
  when: ReadonlySignal<boolean>;
  children: ComponentChildren;
  until?: ComponentChildren;
}) {
  return when.value ? children : until;
}

/**
 * Its children from the next task on (`useLater`, with its options): only this part of the page
 * renders again then, not the component around it. `until`: what stands in their place meanwhile.
 */
export function Later({ children, until = null, ...options }: LaterOptions & { children: ComponentChildren; until?: ComponentChildren }) {
  return useLater(options) ? children : until;
}
