import { t } from '../i18n/i18n.ts';
import { signal, type ReadonlySignal } from '@preact/signals';
import { HostStateSchema, ModerationAction, type Waiter } from '../../../shared/api/host-controls.ts';
import { ParticipantRole, type Participant } from '../../../shared/api/participants.ts';
import { apiRequest } from '../api/api-client.ts';
import type { Call } from '../call/create-call.ts';
import { playTestSound } from '../media/test-sound.ts';
import '../i18n/later-texts.ts';

/** One button in a tile's host menu. */
export interface TileAction {
  action: string;
  label: string;
  danger?: boolean;
  run(): void;
}

export interface HostControlsDeps {
  meetingId: string;
  call: Call;
  /** The speaker chosen for sounds (a knock chime plays there). */
  sinkId: () => string | undefined;
  /** Played when someone new waits (tests pass their own). */
  chime?: (sinkId: string | undefined) => Promise<void>;
}

/**
 * The host's side of host controls: who waits (with a chime when someone knocks), the lock,
 * ending the meeting for everyone, and the actions on each participant's tile. The server
 * decides; this only asks and shows what the room channel reports.
 */
export function createHostControls({ meetingId, call, sinkId, chime = playTestSound }: HostControlsDeps) {
  const waiting = signal<Waiter[]>([]);
  const locked = signal(false);
  const error = signal<string | null>(null);
  const confirmingEnd = signal(false);
  const base = `/api/meetings/${encodeURIComponent(meetingId)}`;

  function showWaiting(list: Waiter[]) {
    const known = new Set(waiting.value.map((w) => w.id));
    waiting.value = list;
    if (list.some((w) => !known.has(w.id))) void chime(sinkId()).catch(() => undefined);
  }

  async function ask(method: string, path: string, body?: unknown) {
    try {
      error.value = null;
      await apiRequest(method, `${base}${path}`, undefined, body === undefined ? {} : { body });
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function refresh() {
    try {
      const state = await apiRequest('GET', `${base}/lobby`, HostStateSchema);
      showWaiting(state.waiting);
      locked.value = state.locked;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  const unsubscribe = call.subscribe((event) => {
    if (event.type === 'welcome') void refresh(); // also after a reload or a reconnect
    if (event.type === 'lobby') showWaiting(event.waiting);
    if (event.type === 'room-state') locked.value = event.locked;
  });

  const moderate = (id: string, action: ModerationAction) => ask('POST', `/participants/${encodeURIComponent(id)}/moderate`, { action });
  const dialInCall = (id: string) => `/dial-in/calls/${encodeURIComponent(id)}`;

  return {
    waiting: waiting as ReadonlySignal<Waiter[]>,
    locked: locked as ReadonlySignal<boolean>,
    error: error as ReadonlySignal<string | null>,
    dismissError: () => void (error.value = null),
    /** Asks for the waiting room and the lock now (the room's welcome does it too; for controls made after it). */
    refresh,
    admit: (waiterId: string) => ask('POST', `/lobby/${encodeURIComponent(waiterId)}/admit`),
    decline: (waiterId: string) => ask('POST', `/lobby/${encodeURIComponent(waiterId)}/decline`),
    setLocked: (next: boolean) => ask('PUT', '/lock', { locked: next }),
    confirmingEnd: confirmingEnd as ReadonlySignal<boolean>,
    askToEnd: (asking: boolean) => void (confirmingEnd.value = asking),
    endForEveryone: () => {
      confirmingEnd.value = false;
      return ask('POST', '/end');
    },

    /** What the host can do to this participant (nothing to themselves). */
    tileActions(p: Participant): TileAction[] {
      if (p.id === call.selfId.value || p.role === ParticipantRole.Host) return [];
      if (p.role === ParticipantRole.Phone) {
        return [
          {
            action: 'mute-participant',
            label: p.audioMuted ? t('hostAction.unmute', { name: p.name }) : t('hostAction.mute', { name: p.name }),
            run: () => void ask('POST', `${dialInCall(p.id)}/mute`, { muted: !p.audioMuted }),
          },
          { action: 'hang-up', label: t('hostAction.hangUp'), danger: true, run: () => void ask('DELETE', dialInCall(p.id)) },
          // Remembered against the caller's number: calling again, they wait for the host.
          {
            action: 'remove-participant',
            label: t('hostAction.remove'),
            danger: true,
            run: () => void ask('DELETE', `/participants/${encodeURIComponent(p.id)}`),
          },
        ];
      }
      return [
        p.audioMuted
          ? {
              action: 'ask-unmute',
              label: t('hostAction.askUnmute', { name: p.name }),
              run: () => void moderate(p.id, ModerationAction.AskUnmute),
            }
          : {
              action: 'mute-participant',
              label: t('hostAction.mute', { name: p.name }),
              run: () => void moderate(p.id, ModerationAction.Mute),
            },
        ...(p.videoMuted
          ? []
          : [{ action: 'stop-video', label: t('hostAction.stopVideo'), run: () => void moderate(p.id, ModerationAction.StopVideo) }]),
        ...(p.screenSharing
          ? [{ action: 'stop-share', label: t('hostAction.stopShare'), run: () => void moderate(p.id, ModerationAction.StopShare) }]
          : []),
        {
          action: 'remove-participant',
          label: t('hostAction.remove'),
          danger: true,
          run: () => void ask('DELETE', `/participants/${encodeURIComponent(p.id)}`),
        },
      ];
    },
    dispose: unsubscribe,
  };
}

export type HostControls = ReturnType<typeof createHostControls>;
