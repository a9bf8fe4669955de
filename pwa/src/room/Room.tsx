import type { Meeting } from '../../../shared/api/meetings';
import type { Call } from '../call/create-call';
import type { LocalMedia } from '../media/local-media';
import { blurOffered } from '../blur/blur-flag';
import { Toolbar } from './Toolbar';
import { VideoTile } from './VideoTile';

/** The call itself: the grid of tiles, the participant count and the controls. */
export function Room({ meeting, media, call }: { meeting: Meeting; media: LocalMedia; call: Call }) {
  const selfId = call.selfId.value;
  const participants = call.participants.value;
  const streams = call.remoteStreams.value;
  const count = call.participantCount.value;
  const self = participants.find((p) => p.id === selfId);
  const ordered = self ? [self, ...participants.filter((p) => p.id !== selfId)] : participants;
  const localPreview = media.previewStream.value;

  return (
    <div class="room">
      <header class="room__header">
        <h1 class="room__title">{meeting.title}</h1>
        <span class="room__count" data-testid="participant-count" aria-live="polite" aria-label={`${count} in the call`}>
          <span aria-hidden="true">👥</span> {count}
        </span>
        {call.channelStatus.value === 'reconnecting' && (
          <span class="room__status" role="status">
            Reconnecting…
          </span>
        )}
      </header>
      <section class={`grid grid--${Math.min(ordered.length, 9)}`} aria-label="Participants">
        {ordered.map((p) => (
          <VideoTile
            key={p.id}
            participant={p.id === selfId ? { ...p, audioMuted: media.audioMuted.value, videoMuted: media.videoMuted.value } : p}
            stream={p.id === selfId ? localPreview : (streams.get(p.id) ?? null)}
            isSelf={p.id === selfId}
          />
        ))}
      </section>
      {call.error.value && (
        <p class="room__error" role="alert">
          {call.error.value}
        </p>
      )}
      <Toolbar media={media} call={call} blurEnabled={blurOffered(meeting)} />
    </div>
  );
}
