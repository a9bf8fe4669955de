import { computed, signal, type ReadonlySignal } from '@preact/signals';

export type ViewMode = 'grid' | 'focus';

export type StageItem = { kind: 'screen'; participantId: string } | { kind: 'camera'; participantId: string };

export interface ViewInputs {
  selfId: ReadonlySignal<string | null>;
  participantIds: ReadonlySignal<string[]>;
  /** Sharer whose screen we receive (not ourselves). */
  remoteSharer: ReadonlySignal<string | null>;
  activeSpeaker: ReadonlySignal<string | null>;
}

/**
 * Grid or full focus, the pin, and what the large tile shows: a shared screen first,
 * then the pinned person, then whoever speaks, then the first other person.
 * The chosen mode is kept for the call (sessionStorage, so a refresh keeps it too).
 */
export function createViewState(meetingId: string, inputs: ViewInputs, storage: Storage | null = safeSession()) {
  const key = `view:${meetingId}`;
  const stored = storage?.getItem(key);
  const chosen = signal<ViewMode>(stored === 'focus' ? 'focus' : 'grid');
  const pinned = signal<string | null>(null);
  /** While a share runs, the view the user picked for it (a share switches to focus on its own). */
  const duringShare = signal<ViewMode | null>(null);

  const mode = computed<ViewMode>(() => (inputs.remoteSharer.value ? (duringShare.value ?? 'focus') : chosen.value));

  const stage = computed<StageItem | null>(() => {
    const sharer = inputs.remoteSharer.value;
    if (sharer) return { kind: 'screen', participantId: sharer };
    const ids = inputs.participantIds.value;
    const self = inputs.selfId.value;
    const pin = pinned.value;
    if (pin && ids.includes(pin)) return { kind: 'camera', participantId: pin };
    const speaker = inputs.activeSpeaker.value;
    if (speaker && speaker !== self && ids.includes(speaker)) return { kind: 'camera', participantId: speaker };
    const first = ids.find((id) => id !== self) ?? self;
    return first ? { kind: 'camera', participantId: first } : null;
  });

  return {
    mode,
    stage,
    pinned: pinned as ReadonlySignal<string | null>,
    setMode(next: ViewMode) {
      if (inputs.remoteSharer.value) {
        duringShare.value = next;
        return;
      }
      chosen.value = next;
      try {
        storage?.setItem(key, next);
      } catch {
        /* ignore */
      }
    },
    toggleMode() {
      this.setMode(mode.value === 'grid' ? 'focus' : 'grid');
    },
    /** Pins someone to the large tile (and switches to focus); pinning them again unpins. */
    togglePin(id: string) {
      if (pinned.value === id) {
        pinned.value = null;
        return;
      }
      pinned.value = id;
      if (mode.value === 'grid') this.setMode('focus');
    },
    /** A share ended: forget the view picked for it. */
    shareEnded() {
      duringShare.value = null;
    },
  };
}

export type ViewState = ReturnType<typeof createViewState>;

function safeSession(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
