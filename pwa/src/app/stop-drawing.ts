import { options } from 'preact';

/**
 * The page is going away for good (`pagehide`, not kept for back and forward): nothing is drawn
 * again. Tearing the call down changes the signals the room is drawn from (its streams, its links,
 * its levels), and each change queued a render of the room's tiles that ran inside the unload task,
 * which the next page waits for on a reload. Preact's render queue is left unflushed from here on
 * (`options.debounceRendering`, its hook for scheduling renders); the page keeps what it shows.
 */
export function stopDrawing(): void {
  options.debounceRendering = () => undefined;
}
