import { t } from '../i18n/i18n.ts';
import { assertNever, type ServerEvent } from '../../../shared/room-events.ts';
import type { CallContext } from './call-context.ts';
import type { CallTeardown } from './call-teardown.ts';

export type RoomEventHandlerDeps = Pick<
  CallContext,
  'state' | 'roster' | 'selfId' | 'mediaMode' | 'meshSignal' | 'screen' | 'meshCameraWith'
> & {
  /** Who else hears every room event (the call's `subscribe`), told first. */
  listeners: ReadonlySet<(event: ServerEvent) => void>;
  announce: (text: string) => void;
  /** Places the first welcome's calls (first-calls.ts). */
  callThoseBefore: () => void;
  end: CallTeardown['end'];
};

/**
 * What the call does with each event of the room channel: keeps the roster and the media mode,
 * keeps the mesh in step with who joins, reloads and leaves (the first welcome places the first
 * calls), notices a share taken over, and ends the call when the meeting ends. Returns the
 * channel's `onEvent`.
 */
export function createRoomEventHandler({
  listeners,
  state,
  roster,
  selfId,
  mediaMode,
  meshSignal,
  screen,
  meshCameraWith,
  announce,
  callThoseBefore,
  end,
}: RoomEventHandlerDeps) {
  function onEvent(event: ServerEvent) {
    for (const listener of listeners) listener(event);
    switch (event.type) {
      case 'welcome': {
        const first = !state.welcomed;
        state.welcomed = true;
        roster.set(event.participants);
        mediaMode.value = event.mediaMode;
        // Those who were here before us wait for our call. After a reconnect of our own
        // channel, the link keeper restores whatever calls were lost meanwhile.
        if (first) {
          state.presentBefore = event.participants.filter((p) => p.id !== selfId.value).map((p) => p.id);
          callThoseBefore();
        } else state.keeper?.ensureAll();
        return;
      }
      case 'participant-joined': {
        roster.upsert(event.participant);
        announce(t('call.joined', { name: event.participant.name }));
        // They call us for the cameras; our screen, if we share, goes to them from us.
        const sharing = screen.stream.value;
        if (sharing && meshCameraWith(event.participant.id)) meshSignal.value?.shareScreenTo(event.participant.id, sharing);
        return;
      }
      case 'participant-updated': {
        const p = event.participant;
        const before = roster.find(p.id);
        roster.upsert(p);
        // Back from reconnecting: make sure our call with them is up again.
        if (p.id !== selfId.value && before?.presence === 'reconnecting' && p.presence === 'connected') state.keeper?.ensure(p.id);
        if (p.id === selfId.value && !p.screenSharing && screen.stream.value && state.screenAnnounced) screen.stop('taken-over');
        if (p.id === selfId.value && p.screenSharing) state.screenAnnounced = true;
        if (p.id !== selfId.value && !p.screenSharing) meshSignal.value?.dropScreen(p.id);
        return;
      }
      case 'participant-reloaded': {
        // Their old page's calls are dead, and their new page waits for ours (calls-after-reload.ts).
        const id = event.participantId;
        const mesh = meshSignal.value;
        if (!mesh || id === selfId.value || !meshCameraWith(id)) return;
        mesh.drop(id);
        state.keeper?.forget(id);
        mesh.connectTo(id);
        const sharing = screen.stream.value;
        if (sharing) mesh.shareScreenTo(id, sharing);
        return;
      }
      case 'participant-left': {
        const gone = roster.remove(event.participantId);
        if (gone) announce(t('call.left', { name: gone.name }));
        state.keeper?.forget(event.participantId);
        meshSignal.value?.drop(event.participantId);
        return;
      }
      case 'chat-message': // the chat state subscribes
      case 'recording-state': // the recording state subscribes
      case 'lobby': // host-controls/ subscribe to these three
      case 'room-state':
      case 'moderation':
      case 'pong':
      case 'moving': // the room channel client reconnects at once when it closes
        return;
      case 'media-mode':
        mediaMode.value = event.mode;
        return;
      case 'meeting-ended':
        end('ended', null);
        return;
      case 'error':
        console.warn(`room channel error ${event.code}: ${event.message}`);
        return;
      default:
        assertNever(event, 'server event');
    }
  }
  return onEvent;
}
