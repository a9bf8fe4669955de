import { createCall } from '../call/create-call.ts';
import { createSpeakingState } from '../call/create-speaking-state.ts';
import { createChatState } from '../chat/create-chat-state.ts';
import { createLazyMediaCheck } from '../media-check/lazy-media-check.ts';
import { createDeviceList } from '../media/device-list.ts';
import { createLocalMedia } from '../media/local-media.ts';
import { createOutputChoice } from '../media/output-choice.ts';
import type { MeetingPublicInfo } from '../../../shared/api/invites.ts';
import { computed, effect, signal } from '@preact/signals';
import { ErrorCode } from '../../../shared/api/errors.ts';
import { createExtensionShare } from '../share/create-extension-share.ts';
import { createViewState } from '../views/create-view-state.ts';
import { createNetworkState } from '../network/create-network-state.ts';
import { createFullscreen } from '../views/fullscreen.ts';
import { createRecordingState } from '../recording/create-recording-state.ts';
import type { HostControls } from '../host-controls/create-host-controls.ts';
import { createLobby } from '../host-controls/create-lobby.ts';
import { createModerationState } from '../host-controls/create-moderation.ts';
import { createJoinPhase } from './join-phase.ts';
import { warmUpWebRtcAfterDraw } from '../call/warm-up-webrtc.ts';
import { warmUpElementStylesAfterDraw } from '../ui/warm-up-element-styles.ts';

/** Join refusals that mean "ask the host first". */
const KNOCK_INSTEAD: string[] = [ErrorCode.AdmissionRequired, ErrorCode.RemovedByHost];

/**
 * The camera and microphone and the call: what a page needs before it knows more of the meeting
 * than its id. A reload of a page that was in the call makes it as the page starts and rejoins at
 * once, while the meeting's info is still on its way (MeetingPage).
 */
export function createCallCore(meetingId: string, accessHeaders: Record<string, string>) {
  const media = createLocalMedia();
  const call = createCall({ meetingId, media, accessHeaders });
  return { media, call };
}

export type CallCore = ReturnType<typeof createCallCore>;

/**
 * Everything one page holds for one meeting, made once and handed down:
 * devices, media, the call, chat, speaking levels and the media check.
 */
export function createCallSession(
  info: MeetingPublicInfo,
  accessHeaders: Record<string, string>,
  typedName: () => string,
  { media, call }: CallCore = createCallCore(info.id, accessHeaders),
) {
  const output = createOutputChoice();
  const check = createLazyMediaCheck({
    meetingId: info.id,
    media,
    headers: accessHeaders,
    name: typedName,
    dialIn: info.dialIn,
    sinkId: () => output.sinkId.value || undefined,
    reportToHost: !info.isHost,
  });
  const fullscreen = createFullscreen();
  const extensionShare = createExtensionShare(call);
  // Connection quality per tile, bitrate limits on every sender, notices about the network.
  const network = createNetworkState({ call, dialIn: info.dialIn, cameraOn: () => !media.sendsNoVideo.value });
  const recording = createRecordingState({ info, call, media });
  // Host controls: a guest's way in through the waiting room, the host's controls, the host's actions on us.
  const lobby = createLobby({ meetingId: info.id, accessHeaders });
  // A guest who will knock has the knock's code loading while the pre-join page shows.
  if (!info.isHost && !info.entersDirectly) lobby.preload();
  // The host's controls are the host's only: their code loads for a host (at once, while the pre-join page shows).
  const host = signal<HostControls | null>(null);
  let disposed = false;
  if (info.isHost) {
    void import('../host-controls/create-host-controls.ts').then(({ createHostControls }) => {
      if (disposed) return;
      const made = createHostControls({ meetingId: info.id, call, sinkId: () => output.sinkId.value || undefined });
      // Made after the room's welcome (a very quick join): ask for the waiting room and the lock now.
      if (call.status.peek() === 'in-call') void made.refresh();
      host.value = made;
    });
  }
  const moderation = createModerationState({ call, media });
  // From the click until the call is up, the media check, the chat history, new level meters and the device list wait (MeetingPage holds the service worker's install too).
  const joinPhase = createJoinPhase(call, { knocking: computed(() => lobby.status.value === 'knocking') });
  const devices = createDeviceList({ hold: joinPhase.settling });
  const chat = createChatState({ meetingId: info.id, call, hold: joinPhase.settling });
  const speaking = createSpeakingState(call, media, { hold: joinPhase.settling, pause: joinPhase.gettingIn });
  const view = createViewState(info.id, {
    selfId: call.selfId,
    participantIds: computed(() => call.participants.value.map((p) => p.id)),
    remoteSharer: computed(() => {
      const sharer = call.sharer.value;
      return sharer && sharer.id !== call.selfId.value ? sharer.id : null;
    }),
    activeSpeaker: speaking.activeSpeaker,
  });
  const stopCheckHold = effect(() => check.hold(joinPhase.settling.value));
  // A page's first peer connection is the dear one (warm-up-webrtc.ts): made and let go once the
  // pre-join page is drawn, so the join's are cheap. Not once the page is joining (a reload is at once).
  const stopWarmUp = warmUpWebRtcAfterDraw(() => call.status.peek() === 'idle');
  // So is its first <video> and <select> (ui/warm-up-element-styles.ts), in a task of its own after the same frame.
  const stopStyleWarmUp = warmUpElementStylesAfterDraw(() => call.status.peek() === 'idle');
  // The connection made ahead for the next call we answer waits while this page gets in; a page
  // already in the call keeps it for the newcomer who is about to call it.
  const stopSpareHold = effect(() => call.holdSpare(joinPhase.gettingIn.value));
  // A share ended: the next one starts in focus again.
  const stopShareWatch = effect(() => {
    if (!call.sharer.value) view.shareEnded();
  });
  // On the SFU the focused camera comes in the best layer, the grid's in the smallest (call/sfu/simulcast.ts).
  const stopLayers = effect(() => {
    const stage = view.stage.value;
    call.preferHigh(view.mode.value === 'focus' && stage?.kind === 'camera' ? [stage.participantId] : []);
  });
  return {
    info,
    view,
    fullscreen,
    extensionShare,
    network,
    media,
    devices,
    output,
    call,
    chat,
    speaking,
    check,
    recording,
    lobby,
    host,
    moderation,
    joinPhase,
    /**
     * Join. The host, and a guest the room lets straight in, with one request; a guest facing the
     * waiting room knocks first and may wait for the host to admit them. Should the room have
     * changed since the page opened (the host turned the waiting room on), the join's refusal
     * sends the guest to knock instead.
     */
    async enter(name: string) {
      if (info.isHost || info.entersDirectly) {
        const outcome = await call.join(name, { refusalsToHandBack: info.isHost ? [] : KNOCK_INSTEAD });
        if (outcome.joined || !KNOCK_INSTEAD.includes(outcome.code)) return;
      }
      const admitted = await lobby.enter({ name, audioMuted: media.sendsNoAudio.value, videoMuted: media.sendsNoVideo.value });
      if (admitted) await call.join(name);
    },
    dispose() {
      stopWarmUp();
      stopStyleWarmUp();
      stopCheckHold();
      stopSpareHold();
      joinPhase.dispose();
      moderation.dispose();
      disposed = true;
      host.value?.dispose();
      lobby.dispose();
      recording.dispose();
      stopShareWatch();
      stopLayers();
      network.dispose();
      fullscreen.dispose();
      speaking.dispose();
      chat.dispose();
      call.dispose();
      devices.dispose();
      media.stop();
    },
  };
}

export type CallSession = ReturnType<typeof createCallSession>;
