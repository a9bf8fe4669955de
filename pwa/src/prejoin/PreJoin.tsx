import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { DISPLAY_NAME_MAX } from '../../../shared/api/participants';
import type { MeetingPublicInfo } from '../../../shared/api/invites';
import type { Call } from '../call/create-call';
import type { LocalMedia } from '../media/local-media';

const NAME_KEY = 'display-name';

/** Pre-join: camera preview, name, mute choices, Join. */
export function PreJoin({ info, media, call }: { info: MeetingPublicInfo; media: LocalMedia; call: Call }) {
  const name = useSignal(info.isHost ? info.hostName : (info.guestName ?? readName()));
  const videoRef = useRef<HTMLVideoElement>(null);
  const preview = media.previewStream.value;

  useEffect(() => {
    if (videoRef.current && videoRef.current.srcObject !== preview) videoRef.current.srcObject = preview;
  }, [preview]);

  // Warm the PeerJS chunk while the person types their name.
  useEffect(() => {
    const id = setTimeout(() => void import('peerjs'), 0);
    return () => clearTimeout(id);
  }, []);

  const joining = call.status.value === 'joining';
  const mediaError = media.error.value;

  function submit(event: Event) {
    event.preventDefault();
    const trimmed = name.value.trim();
    if (!trimmed) return;
    performance.clearMarks('join:click');
    performance.mark('join:click');
    writeName(trimmed);
    void call.join(trimmed);
  }

  return (
    <main class="page prejoin">
      <h1>{info.title}</h1>
      <p class="prejoin__when">
        {info.isHost ? 'You are the host' : `Hosted by ${info.hostName}`} ·{' '}
        <time dateTime={info.startsAt}>{new Date(info.startsAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</time>
      </p>
      <div class="prejoin__layout">
        <div class={`preview${preview && !media.videoMuted.value ? '' : ' preview--off'}`}>
          <video ref={videoRef} autoplay playsInline muted class="mirrored" aria-label="Your camera preview" />
          {(!preview || media.videoMuted.value) && <span class="preview__label">{media.starting.value ? 'Starting camera…' : 'Camera is off'}</span>}
        </div>
        <form class="card form prejoin__form" onSubmit={submit}>
          <label>
            Your name
            <input
              name="name"
              required
              autoComplete="name"
              maxLength={DISPLAY_NAME_MAX}
              value={name.value}
              onInput={(e) => (name.value = e.currentTarget.value)}
            />
          </label>
          <div class="prejoin__toggles">
            <button
              type="button"
              class={`control${media.audioMuted.value ? ' control--off' : ''}`}
              aria-pressed={media.audioMuted.value}
              onClick={() => media.setAudioMuted(!media.audioMuted.value)}
            >
              {media.audioMuted.value ? 'Microphone off' : 'Microphone on'}
            </button>
            <button
              type="button"
              class={`control${media.videoMuted.value ? ' control--off' : ''}`}
              aria-pressed={media.videoMuted.value}
              onClick={() => media.setVideoMuted(!media.videoMuted.value)}
            >
              {media.videoMuted.value ? 'Camera off' : 'Camera on'}
            </button>
          </div>
          {mediaError && (
            <p class="form-error" role="alert">
              {mediaError.failure === 'permission-denied'
                ? 'The browser blocked your camera or microphone. You can still join; others will not see or hear you until you allow them.'
                : mediaError.failure === 'no-device'
                  ? 'No camera or microphone was found. You can still join and listen.'
                  : mediaError.failure === 'device-in-use'
                    ? 'Your camera or microphone is in use by another program. Close it, or join without it.'
                    : 'Your camera or microphone could not be started. You can still join.'}
            </p>
          )}
          <button class="button button--primary button--large" type="submit" disabled={joining || !name.value.trim()} data-action="join">
            {joining ? 'Joining…' : 'Join now'}
          </button>
          {call.error.value && (
            <p class="form-error" role="alert">
              {call.error.value}
            </p>
          )}
        </form>
      </div>
    </main>
  );
}

function readName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}
function writeName(name: string) {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    /* private mode */
  }
}
