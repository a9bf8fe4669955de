import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { afterNextFrame, nextTask } from '../app/next-task.ts';

/**
 * False on a component's first render, true from the next task on: the parts of a page a person
 * does not need in its first moment (below the fold, secondary) are drawn in a task of their own,
 * so that the page's first render is two shorter tasks instead of one long one.
 */
export function useLater({ afterFrame = false }: { afterFrame?: boolean } = {}): boolean {
  const [later, setLater] = useState(false);
  useLayoutEffect(() => {
    let live = true;
    void (afterFrame ? afterNextFrame() : nextTask()).then(() => live && setLater(true));
    return () => {
      live = false;
    };
  }, []);
  return later;
}

/**
 * Its children from the next task on (`useLater`): only this part of the page renders again then,
 * not the component around it. `afterFrame`: from the task after the next frame (or 100 ms at
 * most), so that the browser works out their style and layout apart from the first frame's.
 * `until`: what stands in their place meanwhile (an empty box keeping their room, say).
 */
export function Later({
  children,
  afterFrame = false,
  until = null,
}: {
  children: ComponentChildren;
  afterFrame?: boolean;
  until?: ComponentChildren;
}) {
  return useLater({ afterFrame }) ? children : until;
}
