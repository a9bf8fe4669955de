import { t } from '../i18n/i18n.ts';
import { useEffect, useRef } from 'preact/hooks';
import type { LocalMedia } from '../media/local-media.ts';

/** The person's own camera, mirrored, or why there is none (pre-join and waiting room). */
export function CameraPreview({ media }: { media: LocalMedia }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const preview = media.previewStream.value;
  useEffect(() => {
    if (videoRef.current && videoRef.current.srcObject !== preview) videoRef.current.srcObject = preview;
  }, [preview]);
  const cameraOff = !preview || media.videoMuted.value;
  return (
    <div class={`preview${cameraOff ? ' preview--off' : ''}`}>
      {/* The video element comes with the camera: a page's first <video> costs the browser a UA
          stylesheet and a style pass of its own (5 ms of the pre-join page's first frame, measured). */}
      {preview && <video ref={videoRef} autoplay playsInline muted class="mirrored" aria-label={t('prejoin.preview')} />}
      {cameraOff && <span class="preview__label">{media.starting.value ? t('prejoin.startingCamera') : t('prejoin.cameraIsOff')}</span>}
    </div>
  );
}
