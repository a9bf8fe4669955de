import { t } from '../i18n/i18n.ts';
import type { Participant } from '../../../shared/api/participants.ts';
import type { CallSession } from '../room/call-session.ts';
import { VideoTile } from '../room/VideoTile.tsx';
import type { ViewState } from './create-view-state.ts';
import { ScreenTile } from './ScreenTile.tsx';

/** Grid (everyone the same size) or full focus (one large tile, the others in a strip). */
export function CallLayout({ session, view }: { session: CallSession; view: ViewState }) {
  const { media, call, speaking, output, network } = session;
  const host = session.host.value;
  const selfId = call.selfId.value;
  const participants = call.participants.value;
  const streams = call.remoteStreams.value;
  const screens = call.remoteScreens.value;
  const ownScreen = call.screen.stream.value;
  const speakingIds = speaking.speaking.value;
  const pinned = view.pinned.value;
  const mode = view.mode.value;
  const stage = view.stage.value;
  const sharer = call.sharer.value;
  const remoteSharer = sharer && sharer.id !== selfId ? sharer : null;

  const self = participants.find((p) => p.id === selfId);
  const ordered = self ? [self, ...participants.filter((p) => p.id !== selfId)] : participants;

  const cameraTile = (p: Participant) => {
    const isSelf = p.id === selfId;
    return (
      <VideoTile
        key={p.id}
        participant={isSelf ? { ...p, audioMuted: media.sendsNoAudio.value, videoMuted: media.sendsNoVideo.value } : p}
        stream={isSelf ? media.previewStream.value : (streams.get(p.id) ?? null)}
        isSelf={isSelf}
        speaking={speakingIds.has(p.id)}
        sinkId={output.sinkId.value}
        pinned={pinned === p.id}
        onPin={() => view.togglePin(p.id)}
        hostActions={host?.tileActions(p)}
        network={isSelf ? network.self.value : network.tiles.value.get(p.id)}
        onRetry={isSelf ? undefined : () => void call.retryConnection(p.id)}
        onPicture={isSelf ? undefined : session.joinPhase.pictureShown}
      />
    );
  };
  const remoteScreenTile = remoteSharer && (
    <ScreenTile
      key={`screen-${remoteSharer.id}`}
      stream={screens.get(remoteSharer.id) ?? null}
      label={t('views.screenOf', { name: remoteSharer.name })}
      sharerId={remoteSharer.id}
    />
  );
  const ownScreenTile = ownScreen && selfId && (
    <ScreenTile key="own-screen" stream={ownScreen} label={t('views.ownScreen')} sharerId={selfId} own />
  );

  if (mode === 'grid' || !stage) {
    const count = ordered.length + (remoteScreenTile ? 1 : 0) + (ownScreenTile ? 1 : 0);
    return (
      <section class={`grid grid--${Math.min(count, 9)}`} data-view="grid" aria-label={t('views.participants')}>
        {remoteScreenTile}
        {ordered.map(cameraTile)}
        {ownScreenTile}
      </section>
    );
  }

  const onStage = stage.kind === 'camera' ? ordered.find((p) => p.id === stage.participantId) : null;
  const strip = ordered.filter((p) => stage.kind === 'screen' || p.id !== stage.participantId);
  return (
    <section class="focus" data-view="focus" aria-label={t('views.participants')}>
      <div class="focus__stage" data-testid="stage" data-stage-kind={stage.kind} data-stage-id={stage.participantId}>
        {stage.kind === 'screen' ? remoteScreenTile : onStage && cameraTile(onStage)}
      </div>
      <section class="focus__strip" aria-label={t('views.others')}>
        {strip.map(cameraTile)}
        {ownScreenTile}
      </section>
    </section>
  );
}
