import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { nextTask } from '../app/next-task.ts';

/**
 * False on a component's first render, true from the next task on: the parts of a page a person
 * does not need in its first moment (below the fold, secondary) are drawn in a task of their own,
 * so that the page's first render is two shorter tasks instead of one long one.
 */
export function useLater(): boolean {
  const [later, setLater] = useState(false);
  useLayoutEffect(() => {
    let live = true;
    void nextTask().then(() => live && setLater(true));
    return () => {
      live = false;
    };
  }, []);
  return later;
}

/**
 * Its children from the next task on (`useLater`): only this part of the page renders again then,
 * not the component around it.
 */
export function Later({ children }: { children: ComponentChildren }) {
  return useLater() ? children : null;
}
