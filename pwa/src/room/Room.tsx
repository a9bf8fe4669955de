import { useSignal } from '@preact/signals';
import { ChatPanel } from '../chat/ChatPanel';
import { InvitePanel } from '../invite/InvitePanel';
import { MediaSettings } from '../settings/MediaSettings';
import type { CallSession } from './call-session';
import { Toolbar } from './Toolbar';
import { VideoTile } from './VideoTile';

type Panel = 'none' | 'chat' | 'invite' | 'settings';

/** The call itself: the grid of tiles, the participant count, the controls and side panels. */
export function Room({ session }: { session: CallSession }) {
  const { info, media, call, chat, speaking, devices, output } = session;
  const sidePanel = useSignal<Exclude<Panel, 'chat'>>('none');
  const panel: Panel = chat.open.value ? 'chat' : sidePanel.value;
  const show = (which: Panel) => {
    chat.setOpen(which === 'chat');
    sidePanel.value = which === 'chat' ? 'none' : which;
  };
  const toggle = (which: Panel) => show(panel === which ? 'none' : which);

  const selfId = call.selfId.value;
  const participants = call.participants.value;
  const streams = call.remoteStreams.value;
  const count = call.participantCount.value;
  const speakingIds = speaking.speaking.value;
  const sinkId = output.sinkId.value;
  const self = participants.find((p) => p.id === selfId);
  const ordered = self ? [self, ...participants.filter((p) => p.id !== selfId)] : participants;
  const unread = chat.unread.value;

  return (
    <div class={`room${panel !== 'none' ? ' room--with-panel' : ''}`}>
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
        {ordered.map((p) => {
          const isSelf = p.id === selfId;
          return (
            <VideoTile
              key={p.id}
              participant={isSelf ? { ...p, audioMuted: media.sendsNoAudio.value, videoMuted: media.sendsNoVideo.value } : p}
              stream={isSelf ? media.previewStream.value : (streams.get(p.id) ?? null)}
              isSelf={isSelf}
              speaking={speakingIds.has(p.id)}
              sinkId={sinkId}
            />
          );
        })}
      </section>
      {panel !== 'none' && (
        <aside class="room__panel" aria-label={panel}>
          <button type="button" class="button button--small room__panel-close" onClick={() => show('none')} aria-label={`Close the ${panel} panel`}>
            ✕
          </button>
          {panel === 'chat' && <ChatPanel chat={chat} selfId={selfId} />}
          {panel === 'invite' && <InvitePanel meetingId={info.id} />}
          {panel === 'settings' && <MediaSettings media={media} devices={devices} speaker={sinkId} onSpeaker={output.choose} />}
        </aside>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {call.announcement.value?.text ?? ''}
      </p>
      {call.announcement.value && (
        <p class="toast" key={call.announcement.value.at} aria-hidden="true">
          {call.announcement.value.text}
        </p>
      )}
      {speaking.speakingWhileMuted.value && (
        <p class="toast toast--hint" role="status" data-testid="muted-hint">
          You are muted. Press Ctrl+D (⌘+D) or the microphone button to talk.
        </p>
      )}
      {media.notice.value && (
        <p class="room__notice" role="status">
          {media.notice.value}{' '}
          <button type="button" class="button button--small" onClick={media.dismissNotice}>
            OK
          </button>
        </p>
      )}
      {call.error.value && (
        <p class="room__error" role="alert">
          {call.error.value}
        </p>
      )}
      <Toolbar media={media} call={call}>
        <button
          type="button"
          class="control control--badged"
          aria-pressed={panel === 'chat'}
          aria-label={unread > 0 ? `Chat, ${unread} unread` : 'Chat'}
          data-action="chat"
          onClick={() => toggle('chat')}
        >
          Chat
          {unread > 0 && (
            <span class="unread" data-testid="unread-count" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </button>
        {info.isHost && (
          <button type="button" class="control" aria-pressed={panel === 'invite'} data-action="invite" onClick={() => toggle('invite')}>
            Invite
          </button>
        )}
        <button type="button" class="control" aria-pressed={panel === 'settings'} aria-label="Settings: camera, microphone and speaker" data-action="settings" onClick={() => toggle('settings')}>
          ⚙
        </button>
      </Toolbar>
    </div>
  );
}
