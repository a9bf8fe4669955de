import { useLayoutEffect, useRef } from 'preact/hooks';

/** The room's side panels (one at a time). */
export type Panel = 'none' | 'chat' | 'invite' | 'settings' | 'waiting';

/**
 * Keyboard and focus for the side panels: opening one moves focus into it (the panel itself, so a phone's
 * keyboard does not pop up); Escape closes it (unless a dialog is open); closing gives focus back to the
 * control that opened it, or to More when that control sits in the closed More sheet.
 */
export function usePanelFocus(panel: Panel, close: () => void) {
  const opener = useRef<HTMLElement | null>(null);
  const previous = useRef<Panel>('none');
  useLayoutEffect(() => {
    const was = previous.current;
    previous.current = panel;
    if (panel === was) return;
    if (panel !== 'none') {
      if (was === 'none') opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      document.querySelector<HTMLElement>('.room__panel')?.focus();
      return;
    }
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected && back.offsetParent !== null) back.focus();
    else document.querySelector<HTMLElement>('[data-action=more]')?.focus();
  }, [panel]);
  useLayoutEffect(() => {
    if (panel === 'none') return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [panel]);
}
