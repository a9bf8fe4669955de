import { t } from '../i18n/i18n.ts';
import { type ReadonlySignal, useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { blurOffered } from '../blur/blur-flag.ts';
import { lazyComponent } from '../ui/lazy.tsx';
import { RecordingIndicator } from '../recording/RecordingIndicator.tsx';
import type { CallSession } from './call-session.ts';
import { PeopleIcon } from '../ui/icons.tsx';
import { CallLayout } from '../views/CallLayout.tsx';
import { type Panel, usePanelFocus } from './use-panel-focus.ts';
import { Shown, useLaterSignal } from '../ui/use-later.ts';

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
/** The upload's progress: only a host with the recorder (which loads on its own) has it. */
const RecordingProgress = lazyComponent(() => import('../recording/RecordButton.tsx').then((m) => m.RecordingProgress), 'quiet');
/** The host's waiting-room notice (host-controls/, loaded for hosts only). */
const WaitingNotice = lazyComponent(() => import('../host-controls/WaitingButton.tsx').then((m) => m.WaitingNotice), 'quiet');
const EndConfirm = lazyComponent(() => import('../host-controls/LobbyPanel.tsx').then((m) => m.EndConfirm), 'quiet');
/**
 * The controls (with their icons): drawn once the page is in the call, after its first picture
 * (below), so their code is no part of what a guest loads before the video either; it loads then.
 */
const RoomControls = lazyComponent(() => import('./RoomControls.tsx').then((m) => m.RoomControls));

/** The call itself: the grid of tiles, the participant count, the controls and side panels. */
export function Room({ session }: { session: CallSession }) {
  const { info, media, call, chat, speaking, devices, output, view, extensionShare, recording } = session;
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
  // The room's first drawing is the title, the recording mark and the tiles (what the first picture
  // needs). The count and the controls come together (a page that sees the count finds the controls)
  // once the page is in the call (its first picture shown, join-phase.ts; 1.5 s at most), in a task
  // of their own (only they render then, not the room). Drawn at once, the room was one task of
  // 40–60 ms between the click and the first picture on a busy machine; drawn a frame later, the
  // controls (40–55 ms) fell between a reload's answer and its candidates, which waited for them
  // (docs/benchmarks.md). Their place is kept meanwhile, so the tiles stay put. Their code is a chunk
  // of its own, fetched then: a guest loads 2 kB less before the first picture (the bytes row).
  const settled = useLaterSignal({ afterFrame: true, heldBy: session.joinPhase.gettingIn });
  // Their chunk loads then, and the count waits for it as well.
  useSignalEffect(() => {
    if (settled.value) RoomControls.load();
  });
  const controlsShown = useComputed(() => settled.value && RoomControls.ready.value);
  const selfId = call.selfId.value;
  const sinkId = output.sinkId.value;
  const sharing = Boolean(call.screen.stream.value);
  const viewMode = view.mode.value;

  return (
    <div class={`room${panel !== 'none' ? ' room--with-panel' : ''}`} data-view={viewMode}>
      <div class="room__main">
        <header class="room__header">
          <h1 class="room__title">{info.title}</h1>
          <RecordingIndicator recording={recording} />
          <Shown when={controlsShown}>
            <ParticipantCount count={call.participantCount} />
          </Shown>
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
        <Shown when={controlsShown} until={<div class="toolbar toolbar--pending" aria-hidden="true" />}>
          <RoomControls session={session} panel={panel} onToggle={toggle} />
        </Shown>
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

/** How many are in the call: its own component, so a join or a leave re-draws the count, not the room. */
function ParticipantCount({ count }: { count: ReadonlySignal<number> }) {
  return (
    <span class="room__count" data-testid="participant-count" role="status" aria-label={t('room.count', { count: count.value })}>
      <PeopleIcon /> {count.value}
    </span>
  );
}
