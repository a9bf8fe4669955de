import { t } from '../i18n/i18n.ts';
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { LocalMedia } from '../media/local-media.ts';

/**
 * The person's own camera, mirrored, or why there is none (pre-join and waiting room).
 * `heldBy`: while true, a camera that starts only now gets no video element here (one already shown
 * stays): a guest who pressed Join before their camera started is leaving this page, and the room's
 * own tile shows the camera a moment later. Made then, the element, its media player and its style
 * pass (with the page's first <video>'s UA stylesheet) fell in the join's busiest milliseconds for a
 * page nobody looks at again.
 */
export function CameraPreview({ media, heldBy }: { media: LocalMedia; heldBy?: ReadonlySignal<boolean> }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const shown = useRef(false);
  const preview = media.previewStream.value;
  const video = Boolean(preview) && (shown.current || !heldBy?.value);
  shown.current = video;
  useEffect(() => {
    if (videoRef.current && videoRef.current.srcObject !== preview) videoRef.current.srcObject = preview;
  }, [preview, video]);
  const cameraOff = !preview || media.videoMuted.value;
  let label: string | null = null;
  if (cameraOff) label = media.starting.value ? t('prejoin.startingCamera') : t('prejoin.cameraIsOff');
  // Held: to the person, the camera is still starting.
  else if (!video) label = t('prejoin.startingCamera');
  return (
    <div class={`preview${label ? ' preview--off' : ''}`}>
      {/* The video element comes with the camera: a page's first <video> costs the browser a UA
          stylesheet and a style pass of its own (5 ms of the pre-join page's first frame, measured). */}
      {video && <video ref={videoRef} autoplay playsInline muted class="mirrored" aria-label={t('prejoin.preview')} />}
      {label && <span class="preview__label">{label}</span>}
    </div>
  );
}
