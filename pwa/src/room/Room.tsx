import { useSignal } from '@preact/signals';
import type { MeetingPublicInfo } from '../../../shared/api/invites';
import type { Call } from '../call/create-call';
import { ChatPanel } from '../chat/ChatPanel';
import type { ChatState } from '../chat/create-chat-state';
import { InvitePanel } from '../invite/InvitePanel';
import type { LocalMedia } from '../media/local-media';
import { Toolbar } from './Toolbar';
import { VideoTile } from './VideoTile';

/** The call itself: the grid of tiles, the participant count and the controls. */
export function Room({ info, media, call, chat }: { info: MeetingPublicInfo; media: LocalMedia; call: Call; chat: ChatState }) {
  const invitePanel = useSignal(false);
  const panel = chat.open.value ? 'chat' : invitePanel.value ? 'invite' : 'none';
  const show = (which: 'chat' | 'invite' | 'none') => {
    chat.setOpen(which === 'chat');
    invitePanel.value = which === 'invite';
  };
  const unread = chat.unread.value;
  const selfId = call.selfId.value;
  const participants = call.participants.value;
  const streams = call.remoteStreams.value;
  const count = call.participantCount.value;
  const self = participants.find((p) => p.id === selfId);
  const ordered = self ? [self, ...participants.filter((p) => p.id !== selfId)] : participants;
  const localPreview = media.previewStream.value;

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
        {ordered.map((p) => (
          <VideoTile
            key={p.id}
            participant={p.id === selfId ? { ...p, audioMuted: media.audioMuted.value, videoMuted: media.videoMuted.value } : p}
            stream={p.id === selfId ? localPreview : (streams.get(p.id) ?? null)}
            isSelf={p.id === selfId}
          />
        ))}
      </section>
      {panel !== 'none' && (
        <aside class="room__panel" aria-label={panel === 'chat' ? 'Chat' : 'Invite'}>
          <button type="button" class="button button--small room__panel-close" onClick={() => show('none')} aria-label={`Close the ${panel} panel`}>
            ✕
          </button>
          {panel === 'chat' ? <ChatPanel chat={chat} selfId={selfId} /> : <InvitePanel meetingId={info.id} />}
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
        <button
          type="button"
          class="control control--badged"
          aria-pressed={panel === 'chat'}
          aria-label={unread > 0 ? `Chat, ${unread} unread` : 'Chat'}
          data-action="chat"
          onClick={() => show(panel === 'chat' ? 'none' : 'chat')}
        >
          Chat
          {unread > 0 && (
            <span class="unread" data-testid="unread-count" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </button>
        {info.isHost && (
          <button type="button" class="control" aria-pressed={panel === 'invite'} data-action="invite" onClick={() => show(panel === 'invite' ? 'none' : 'invite')}>
            Invite
          </button>
        )}
      </Toolbar>
    </div>
  );
}
