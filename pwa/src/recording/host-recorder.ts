import { effect, type ReadonlySignal } from '@preact/signals';
import type { MeetingPublicInfo } from '../../../shared/api/invites.ts';
import type { RoomRecording } from '../../../shared/api/recordings.ts';
import type { Call } from '../call/create-call.ts';
import { t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { createRecorder, type Recorder } from './create-recorder.ts';
import { recordedSources } from './recorded-sources.ts';

export interface HostRecorderDeps {
  info: MeetingPublicInfo;
  call: Call;
  media: LocalMedia;
  /** The recording running in the room, as the room channel says. */
  active: ReadonlySignal<RoomRecording | null>;
  options?: Partial<Pick<Parameters<typeof createRecorder>[0], 'timesliceMs' | 'compose'>>;
}

/**
 * The recorder of a host who can record, with what goes around it: what it records comes from the
 * call (everyone's pictures and voices); a recording the server ended (no chunks for a while, the
 * size limit…) stops here too; leaving the page while recording asks first. Its own chunk, with the
 * recorder: a guest's page never loads it (recording/create-recording-state.ts).
 */
export function createHostRecorder({ info, call, media, active, options = {} }: HostRecorderDeps): Recorder {
  const sources = recordedSources({
    selfId: call.selfId,
    participants: call.participants,
    remoteStreams: call.remoteStreams,
    remoteScreens: call.remoteScreens,
    ownScreen: call.screen.stream,
    ownVideo: media.outgoingVideo,
    ownVideoOff: media.sendsNoVideo,
    ownAudio: media.outgoingAudio,
  });
  const recorder = createRecorder({ meetingId: info.id, ...sources, participantHeaders: call.participantHeaders, ...options });
  let confirmed: string | null = null;
  const stopWatch = effect(() => {
    const room = active.value;
    const mine = recorder.recordingId.value;
    if (!mine) return;
    if (room?.id === mine) confirmed = mine;
    else if (confirmed === mine) void recorder.abandon(t('recording.endedByServer'));
  });
  const warnBeforeLeaving = (e: BeforeUnloadEvent) => {
    if (recorder.phase.value === 'recording') e.preventDefault();
  };
  addEventListener('beforeunload', warnBeforeLeaving);
  return {
    ...recorder,
    dispose() {
      stopWatch();
      removeEventListener('beforeunload', warnBeforeLeaving);
      recorder.dispose();
    },
  };
}
