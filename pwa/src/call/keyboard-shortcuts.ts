export interface ShortcutActions {
  toggleAudio(): void;
  toggleVideo(): void;
}

/** The shortcuts guests know from Google Meet: Ctrl/Cmd+D microphone, Ctrl/Cmd+E camera. */
export function installShortcuts(target: Window, actions: ShortcutActions): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.repeat) return;
    const key = event.key.toLowerCase();
    if (key === 'd') {
      event.preventDefault(); // the browser's bookmark shortcut
      actions.toggleAudio();
    } else if (key === 'e') {
      event.preventDefault(); // the browser's search shortcut
      actions.toggleVideo();
    }
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
