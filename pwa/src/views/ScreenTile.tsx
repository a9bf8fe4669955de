import { t } from '../i18n/i18n.ts';
import { useEffect, useRef } from 'preact/hooks';

/** A shared screen: the sharer's name, and the stream fitted whole (never cropped). */
export function ScreenTile({
  stream,
  label,
  sharerId,
  own = false,
}: {
  stream: MediaStream | null;
  label: string;
  sharerId: string;
  own?: boolean;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || video.srcObject === stream) return;
    video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined);
  }, [stream]);
  return (
    <figure class={`tile tile--screen${own ? ' tile--own-screen' : ''}`} data-screen-of={sharerId} aria-label={label}>
      {/* Our own screen is muted locally: no echo of the shared tab's sound. */}
      <video ref={ref} autoplay playsInline muted={own} data-screen={own ? 'own' : 'remote'} data-sharer-id={sharerId} />
      <figcaption class="tile__caption">
        <span class="tile__name">{label}</span>
      </figcaption>
      {!stream && <div class="tile__overlay">{t('views.connectingScreen')}</div>}
    </figure>
  );
}
