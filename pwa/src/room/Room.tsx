import { useSignal } from '@preact/signals';
import type { MeetingPublicInfo } from '../../../shared/api/invites';
import type { Call } from '../call/create-call';
import { InvitePanel } from '../invite/InvitePanel';
import type { LocalMedia } from '../media/local-media';
import { Toolbar } from './Toolbar';
import { VideoTile } from './VideoTile';

/** The call itself: the grid of tiles, the participant count and the controls. */
export function Room({ info, media, call }: { info: MeetingPublicInfo; media: LocalMedia; call: Call }) {
  const panel = useSignal<'none' | 'invite'>('none');
  const selfId = call.selfId.value;
  const participants = call.participants.value;
  const streams = call.remoteStreams.value;
  const count = call.participantCount.value;
  const self = participants.find((p) => p.id === selfId);
  const ordered = self ? [self, ...participants.filter((p) => p.id !== selfId)] : participants;
  const localPreview = media.previewStream.value;

  return (
    <div class={`room${panel.value !== 'none' ? ' room--with-panel' : ''}`}>
      <header class="room__header">
        <h1 class="room__title">{info.title}</h1>
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
      {panel.value === 'invite' && (
        <aside class="room__panel" aria-label="Invite">
          <button type="button" class="button button--small room__panel-close" onClick={() => (panel.value = 'none')} aria-label="Close the invite panel">
            ✕
          </button>
          <InvitePanel meetingId={info.id} />
        </aside>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {call.announcement.value?.text ?? ''}
      </p>
      {call.announcement.value && Date.now() - call.announcement.value.at < 6000 && (
        <p class="toast" key={call.announcement.value.at} aria-hidden="true">
          {call.announcement.value.text}
        </p>
      )}
      {call.error.value && (
        <p class="room__error" role="alert">
          {call.error.value}
        </p>
      )}
      <Toolbar media={media} call={call}>
        {info.isHost && (
          <button type="button" class="control" aria-pressed={panel.value === 'invite'} data-action="invite" onClick={() => (panel.value = panel.value === 'invite' ? 'none' : 'invite')}>
            Invite
          </button>
        )}
      </Toolbar>
    </div>
  );
}
