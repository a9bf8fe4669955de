import { t } from '../i18n/i18n.ts';
import { Focus, LayoutGrid, Maximize, MessageSquare, Minimize, MonitorOff, MonitorUp, RotateCw, Settings, UserPlus } from 'lucide-preact';
import { blurOffered } from '../blur/blur-flag.ts';
import { BlurToggle } from '../blur/BlurToggle.tsx';
import { ControlLabel } from '../ui/ControlLabel.tsx';
import { lazyComponent } from '../ui/lazy.tsx';
import type { CallSession } from './call-session.ts';
import { SwitchCameraButton } from './SwitchCameraButton.tsx';
import { Toolbar } from './Toolbar.tsx';
import type { Panel } from './use-panel-focus.ts';

/** Start/Stop: only a host with the recorder (which loads on its own) has it. */
const RecordButton = lazyComponent(() => import('../recording/RecordButton.tsx').then((m) => m.RecordButton), 'quiet');
/** The host's waiting-room button (host-controls/, loaded for hosts only). */
const WaitingButton = lazyComponent(() => import('../host-controls/WaitingButton.tsx').then((m) => m.WaitingButton), 'quiet');
const EndForEveryoneButton = lazyComponent(() => import('../host-controls/LobbyPanel.tsx').then((m) => m.EndForEveryoneButton), 'quiet');

/**
 * The room's controls: mute, chat (with its unread counts), the waiting room, screen share, views,
 * full screen, blur, refresh, invite, settings and leave (`Toolbar` puts the secondary ones behind
 * More on a phone). `panel` is the side panel open now; `onToggle` opens or closes one.
 */
export function RoomControls({
  session,
  panel,
  onToggle: toggle,
}: {
  session: CallSession;
  panel: Panel;
  onToggle: (which: Panel) => void;
}) {
  const { info, media, call, chat, devices, view, fullscreen, extensionShare, recording } = session;
  const host = session.host.value;
  const unread = chat.unread.value;
  const notes = chat.unreadNotes.value;
  const sharing = Boolean(call.screen.stream.value);
  const viewMode = view.mode.value;
  const canShareScreen = typeof navigator.mediaDevices?.getDisplayMedia === 'function';

  return (
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
  );
}
