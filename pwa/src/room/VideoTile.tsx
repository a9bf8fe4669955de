import { t } from '../i18n/i18n.ts';
import { useEffect, useRef } from 'preact/hooks';
import { ParticipantRole, type Participant } from '../../../shared/api/participants.ts';
import { applySink } from '../media/output-choice.ts';
import { PhoneIcon } from '../ui/icons.tsx';
import { initials } from './initials.ts';
import type { TileNetwork } from '../network/create-network-state.ts';
import { ConnectionFailure, QualityIndicator } from '../network/TileNetworkView.tsx';
import type { TileAction } from '../host-controls/create-host-controls.ts';
import '../host-controls/host-controls.css';

interface Props {
  participant: Participant;
  stream: MediaStream | null;
  isSelf: boolean;
  speaking?: boolean;
  /** Speaker to play this participant's sound on (setSinkId). */
  sinkId?: string;
  pinned?: boolean;
  onPin?: () => void;
  /** The host's actions on this participant (mute, stop video or share, remove; hang up a caller). */
  hostActions?: TileAction[] | undefined;
  /** Connection quality, failure and paused video (network/). */
  network?: TileNetwork | undefined;
  onRetry?: (() => void) | undefined;
  /** Someone else's tile: called at the first frame of its video (the join phase's "picture shown"). */
  onPicture?: (() => void) | undefined;
}

/** One participant: their video (or initials when the camera is off), name and mute state. */
export function VideoTile({
  participant,
  stream,
  isSelf,
  speaking = false,
  sinkId = '',
  pinned = false,
  onPin,
  hostActions,
  network,
  onRetry,
  onPicture,
}: Props) {
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (videoRef.current && !isSelf) applySink(videoRef.current, sinkId);
  }, [sinkId]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) return;
    void video.play().catch(() => undefined);
    if (isSelf || !onPicture) return;
    if (typeof video.requestVideoFrameCallback === 'function') {
      const handle = video.requestVideoFrameCallback(() => onPicture());
      return () => video.cancelVideoFrameCallback(handle);
    }
    video.addEventListener('loadeddata', onPicture, { once: true });
    return () => video.removeEventListener('loadeddata', onPicture);
  }, [stream]);

  const { name, audioMuted, videoMuted, presence } = participant;
  const videoPaused = Boolean(network?.videoPaused) && !videoMuted;
  const showVideo = Boolean(stream) && !videoMuted && !videoPaused;
  const isPhone = participant.role === ParticipantRole.Phone;
  return (
    <figure
      class={`tile${showVideo ? '' : ' tile--no-video'}${presence === 'reconnecting' ? ' tile--reconnecting' : ''}${speaking ? ' tile--speaking' : ''}`}
      data-participant-id={participant.id}
      data-self={isSelf ? 'true' : undefined}
      data-audio-muted={String(audioMuted)}
      data-video-muted={String(videoMuted)}
      data-presence={presence}
      data-speaking={speaking ? 'true' : 'false'}
      aria-label={isSelf ? t('tile.you', { name }) : name}
    >
      <video
        ref={videoRef}
        autoplay
        playsInline
        muted={isSelf}
        data-remote={isSelf ? undefined : 'true'}
        class={isSelf ? 'mirrored' : undefined}
      />
      {!showVideo && (
        <div class="tile__avatar" aria-hidden="true">
          {isPhone ? <PhoneIcon /> : initials(name)}
        </div>
      )}
      <figcaption class="tile__caption">
        <span class="tile__name">{isSelf ? t('tile.you', { name }) : name}</span>
        {audioMuted && (
          <span class="badge badge--muted" title={t('tile.micOffTitle')} data-indicator="audio-muted">
            {t('tile.micOff')}
          </span>
        )}
        {videoMuted && !isPhone && (
          <span class="badge badge--muted" title={t('tile.cameraOff')} data-indicator="video-muted">
            {t('tile.cameraOff')}
          </span>
        )}
        {videoPaused && (
          <span class="badge badge--paused" data-indicator="video-paused">
            {t('tile.videoPaused')}
          </span>
        )}
        {network && <QualityIndicator network={network} />}
      </figcaption>
      {network?.failure && <ConnectionFailure text={network.failure} onRetry={onRetry} />}
      {presence === 'reconnecting' && (
        <div class="tile__overlay" role="status">
          {t('room.reconnecting')}
        </div>
      )}
      {hostActions && hostActions.length > 0 && (
        <details class="tile__host-menu">
          <summary class="button button--small" aria-label={t('tile.hostActions', { name })} data-action="host-menu">
            ⋯
          </summary>
          <div class="tile__host-actions">
            {hostActions.map((a) => (
              <button
                key={a.action}
                type="button"
                class={`button button--small${a.danger ? ' button--danger' : ''}`}
                data-action={a.action}
                onClick={a.run}
              >
                {a.label}
              </button>
            ))}
          </div>
        </details>
      )}
      {onPin && (
        <button
          type="button"
          class="tile__pin"
          aria-pressed={pinned}
          aria-label={pinned ? t('tile.unpinName', { name }) : t('tile.pinName', { name })}
          data-action="pin"
          onClick={onPin}
        >
          {pinned ? t('tile.unpin') : t('tile.pin')}
        </button>
      )}
    </figure>
  );
}
