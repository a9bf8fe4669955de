import { t } from '../i18n/i18n.ts';
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { blurOffered } from '../blur/blur-flag.ts';
import { BlurToggle } from '../blur/BlurToggle.tsx';
import { lazyComponent } from '../ui/lazy.tsx';
import { RecordingIndicator } from '../recording/RecordingIndicator.tsx';
import type { CallSession } from './call-session.ts';
import { Focus, LayoutGrid, Maximize, MessageSquare, Minimize, MonitorOff, MonitorUp, RotateCw, Settings, UserPlus } from 'lucide-preact';
import { ControlLabel } from '../ui/ControlLabel.tsx';
import { PeopleIcon } from '../ui/icons.tsx';
import { CallLayout } from '../views/CallLayout.tsx';
import { SwitchCameraButton } from './SwitchCameraButton.tsx';
import { Toolbar } from './Toolbar.tsx';
import { type Panel, usePanelFocus } from './use-panel-focus.ts';
import { useLater } from '../ui/use-later.ts';

/** What the host did to us: loads when there is something to say (a request to unmute, a notice). */
const ModerationNotices = lazyComponent(() => import('../host-controls/ModerationNotices.tsx').then((m) => m.ModerationNotices), 'quiet');
// Its words load with the network monitor (network-texts.ts): it shows only when there is a notice.
const NetworkNoticeView = lazyComponent(() => import('../network/NetworkNoticeView.tsx').then((m) => m.NetworkNoticeView), 'quiet');
/** The host's invite panel: loaded when first opened. */
const InvitePanel = lazyComponent(() => import('../invite/InvitePanel.tsx').then((m) => m.InvitePanel), true);
// Not needed before the first picture, so not part of the page a guest loads to get there: the
// panels load when opened, the host's controls once the room shows (docs/benchmarks.md, bytes row).
const ChatPanel = lazyComponent(() => import('../chat/ChatPanel.tsx').then((m) => m.ChatPanel), true);
const MediaSettings = lazyComponent(() => import('../settings/MediaSettings.tsx').then((m) => m.MediaSettings), true);
const LobbyPanel = lazyComponent(() => import('../host-controls/LobbyPanel.tsx').then((m) => m.LobbyPanel), true);
/** Start/Stop and the upload's progress: only a host with the recorder (which loads on its own) has them. */
const RecordButton = lazyComponent(() => import('../recording/RecordButton.tsx').then((m) => m.RecordButton), 'quiet');
const RecordingProgress = lazyComponent(() => import('../recording/RecordButton.tsx').then((m) => m.RecordingProgress), 'quiet');
/** The host's waiting-room button and notice (host-controls/, loaded for hosts only). */
const WaitingButton = lazyComponent(() => import('../host-controls/WaitingButton.tsx').then((m) => m.WaitingButton), 'quiet');
const WaitingNotice = lazyComponent(() => import('../host-controls/WaitingButton.tsx').then((m) => m.WaitingNotice), 'quiet');
const EndConfirm = lazyComponent(() => import('../host-controls/LobbyPanel.tsx').then((m) => m.EndConfirm), 'quiet');
const EndForEveryoneButton = lazyComponent(() => import('../host-controls/LobbyPanel.tsx').then((m) => m.EndForEveryoneButton), 'quiet');

/** The call itself: the grid of tiles, the participant count, the controls and side panels. */
export function Room({ session }: { session: CallSession }) {
  const { info, media, call, chat, speaking, devices, output, view, fullscreen, extensionShare, recording } = session;
  const host = session.host.value;
  const sidePanel = useSignal<Exclude<Panel, 'chat'>>('none');
  const panel: Panel = chat.open.value ? 'chat' : sidePanel.value;
  const show = (which: Panel) => {
    chat.setOpen(which === 'chat');
    sidePanel.value = which === 'chat' ? 'none' : which;
  };
  const toggle = (which: Panel) => show(panel === which ? 'none' : which);
  usePanelFocus(panel, () => show('none'));
  // The tiles follow their own signals: the same element each time, so what re-draws the rest of the
  // room (a notice, the device list, the unread count) does not re-draw every tile (Preact skips it).
  const layout = useMemo(() => <CallLayout session={session} view={view} />, [session, view]);
  // The room's first drawing is the title and the tiles (what the first picture needs); the count
  // and the controls come in the task after its frame, with a style and layout pass of their own.
  // Drawn at once, the room was one task of 40–60 ms between the click and the first picture on a
  // busy machine (docs/benchmarks.md). The controls' place is kept meanwhile, so the tiles stay put.
  const full = useLater({ afterFrame: true });

  const selfId = call.selfId.value;
  const count = call.participantCount.value;
  const sinkId = output.sinkId.value;
  const unread = chat.unread.value;
  const notes = chat.unreadNotes.value;
  const sharing = Boolean(call.screen.stream.value);
  const viewMode = view.mode.value;
  const canShareScreen = typeof navigator.mediaDevices?.getDisplayMedia === 'function';

  return (
    <div class={`room${panel !== 'none' ? ' room--with-panel' : ''}`} data-view={viewMode}>
      <div class="room__main">
        <header class="room__header">
          <h1 class="room__title">{info.title}</h1>
          {full && (
            <>
              <RecordingIndicator recording={recording} />
              <span class="room__count" data-testid="participant-count" role="status" aria-label={t('room.count', { count })}>
                <PeopleIcon /> {count}
              </span>
            </>
          )}
          {host?.locked.value && (
            <span class="room__status" data-testid="locked-badge">
              {t('room.locked')}
            </span>
          )}
          {call.channelStatus.value === 'reconnecting' && (
            <span class="room__status" role="status" data-testid="reconnecting">
              {t('room.reconnecting')}
            </span>
          )}
        </header>
        {sharing && (
          <div class="sharing-bar" role="status" data-testid="sharing-bar">
            {t('room.sharingScreen')}
            <button type="button" class="button button--small" data-action="stop-sharing" onClick={call.screen.stop}>
              {t('room.stopSharing')}
            </button>
          </div>
        )}
        {layout}
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
            {t('room.mutedHint')}
          </p>
        )}
        {media.notice.value && (
          <p class="room__notice" role="status">
            {media.notice.value}{' '}
            <button type="button" class="button button--small" onClick={media.dismissNotice}>
              {t('common.ok')}
            </button>
          </p>
        )}
        {extensionShare.waiting.value && (
          <p class="room__notice" role="status" data-testid="tab-share-waiting">
            {extensionShare.waiting.value}{' '}
            <button type="button" class="button button--small" onClick={extensionShare.cancel}>
              {t('common.cancel')}
            </button>
          </p>
        )}
        {extensionShare.error.value && (
          <p class="room__notice" role="alert">
            {extensionShare.error.value}{' '}
            <button type="button" class="button button--small" onClick={extensionShare.dismissError}>
              {t('common.ok')}
            </button>
          </p>
        )}
        {(call.screen.notice.value || call.screen.error.value) && (
          <p class="room__notice" role="status">
            {call.screen.notice.value ?? call.screen.error.value}{' '}
            <button type="button" class="button button--small" onClick={call.screen.dismissNotice}>
              {t('common.ok')}
            </button>
          </p>
        )}
        {(session.moderation.unmuteAsked.value || session.moderation.notice.value) && <ModerationNotices moderation={session.moderation} />}
        {host && panel !== 'waiting' && <WaitingNotice host={host} onOpen={() => show('waiting')} />}
        {host && <EndConfirm host={host} />}
        {session.network.notice.value && (
          <NetworkNoticeView network={session.network} videoOn={!media.videoMuted.value} turnOffVideo={() => media.setVideoMuted(true)} />
        )}
        {call.error.value && (
          <p class="room__error" role="alert">
            {call.error.value}
          </p>
        )}
        {recording.recorder.value && <RecordingProgress recording={recording} />}
        {!full && <div class="toolbar toolbar--pending" aria-hidden="true" />}
        {full && (
          <Toolbar
            media={media}
            call={call}
            primary={
              <>
                {host && <WaitingButton host={host} open={panel === 'waiting'} onToggle={() => toggle('waiting')} />}
                <button
                  type="button"
                  class="control control--badged"
                  aria-pressed={panel === 'chat'}
                  data-action="chat"
                  title={t('room.chat')}
                  onClick={() => toggle('chat')}
                >
                  <ControlLabel icon={MessageSquare} text={t('room.chat')} />
                  {/* The count is part of the name ("Chat 3 unread"), as axe wants the visible text in it. */}
                  {unread > 0 && (
                    <>
                      {' '}
                      <span class="unread" data-testid="unread-count">
                        {unread > 99 ? '99+' : unread}
                      </span>
                      <span class="visually-hidden"> {t('room.unread')}</span>
                    </>
                  )}
                  {/* The assistant's notes to the host: a quieter count of their own, never added to people's messages. */}
                  {notes > 0 && (
                    <>
                      {' '}
                      <span class="unread unread--notes" data-testid="notes-count">
                        {notes > 99 ? '99+' : notes}
                      </span>
                      <span class="visually-hidden">{` ${t('room.assistantNotes', { count: notes })}`}</span>
                    </>
                  )}
                </button>
              </>
            }
          >
            {recording.recorder.value && <RecordButton recording={recording} />}
            {canShareScreen && (
              <button
                type="button"
                class={`control${sharing ? ' control--active' : ''}`}
                aria-pressed={sharing}
                data-action="share-screen"
                onClick={() => (sharing ? call.screen.stop() : void call.screen.start())}
              >
                <ControlLabel icon={sharing ? MonitorOff : MonitorUp} text={sharing ? t('room.stopSharing') : t('room.shareScreen')} />
              </button>
            )}
            {extensionShare.available.value && !sharing && (
              <button type="button" class="control" data-action="share-tab" onClick={() => void extensionShare.start(info.title)}>
                {t('room.shareTab')}
              </button>
            )}
            <SwitchCameraButton devices={devices} media={media} />
            <button
              type="button"
              class="control"
              aria-label={viewMode === 'grid' ? t('room.toFocusView') : t('room.toGridView')}
              data-action="toggle-view"
              onClick={() => view.toggleMode()}
            >
              <ControlLabel
                icon={viewMode === 'grid' ? Focus : LayoutGrid}
                text={viewMode === 'grid' ? t('room.focusView') : t('room.gridView')}
              />
            </button>
            {fullscreen.supported && (
              <button
                type="button"
                class="control"
                aria-pressed={fullscreen.active.value}
                aria-label={fullscreen.active.value ? t('room.leaveFullScreenLabel') : t('room.fullScreen')}
                data-action="fullscreen"
                onClick={() => void fullscreen.toggle()}
              >
                <ControlLabel
                  icon={fullscreen.active.value ? Minimize : Maximize}
                  text={fullscreen.active.value ? t('room.exitFullScreen') : t('room.fullScreen')}
                />
              </button>
            )}
            <BlurToggle media={media} enabled={blurOffered(info)} />
            <button
              type="button"
              class="control"
              aria-label={t('room.reload')}
              title={t('room.reload')}
              data-action="refresh"
              onClick={() => location.reload()}
            >
              <RotateCw class="icon" size={20} aria-hidden="true" />
            </button>
            {info.isHost && (
              <button type="button" class="control" aria-pressed={panel === 'invite'} data-action="invite" onClick={() => toggle('invite')}>
                <ControlLabel icon={UserPlus} text={t('room.invite')} />
              </button>
            )}
            {host && <EndForEveryoneButton host={host} />}
            <button
              type="button"
              class="control"
              aria-pressed={panel === 'settings'}
              aria-label={t('room.settings')}
              title={t('room.settings')}
              data-action="settings"
              onClick={() => toggle('settings')}
            >
              <Settings class="icon" size={20} aria-hidden="true" />
            </button>
          </Toolbar>
        )}
      </div>
      {panel !== 'none' && (
        <aside class="room__panel" aria-label={t(`room.panel.${panel}`)} tabIndex={-1} data-panel={panel}>
          <button
            type="button"
            class="button room__panel-close"
            onClick={() => show('none')}
            aria-label={t('room.closePanel', { panel: t(`room.panel.${panel}`) })}
          >
            ✕
          </button>
          {panel === 'chat' && <ChatPanel chat={chat} selfId={selfId} />}
          {panel === 'invite' && <InvitePanel meetingId={info.id} />}
          {panel === 'waiting' && host && <LobbyPanel host={host} />}
          {panel === 'settings' && (
            <MediaSettings
              media={media}
              devices={devices}
              speaker={sinkId}
              onSpeaker={output.choose}
              blurEnabled={blurOffered(info)}
              dialIn={info.dialIn}
            />
          )}
        </aside>
      )}
    </div>
  );
}
