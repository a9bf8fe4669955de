import { i18n, t, tParts } from '../i18n/i18n.ts';
import { type ReadonlySignal, type Signal, useComputed, useSignal } from '@preact/signals';
import { DISPLAY_NAME_MAX } from '../../../shared/api/participants.ts';
import { blurOffered } from '../blur/blur-flag.ts';
import { BlurToggle } from '../blur/BlurToggle.tsx';
import { MediaCheckPanel } from '../media-check/MediaCheckPanel.tsx';
import type { CallSession } from '../room/call-session.ts';
import { Settings } from 'lucide-preact';
import { MediaToggles } from '../ui/MediaToggles.tsx';
import { CameraPreview } from './CameraPreview.tsx';
import { lazyComponent } from '../ui/lazy.tsx';
import { Later } from '../ui/use-later.ts';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';

/** How the page shows when the meeting starts. */
export const MEETING_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** Device settings load when opened. */
const MediaSettings = lazyComponent(() => import('../settings/MediaSettings.tsx').then((m) => m.MediaSettings), true);

const NAME_KEY = 'display-name';

/** Pre-join: camera preview, name, mute choices, device settings, the media check, Join. */
/**
 * `hidden`: true once the page is left for the room, where it stays a moment out of sight
 * (room/use-kept-prejoin.ts); a signal, so that turning it re-draws nothing but what reads it.
 */
export function PreJoin({ session, name, hidden }: { session: CallSession; name: Signal<string>; hidden?: ReadonlySignal<boolean> }) {
  const { info, media, call, check, speaking, devices, output, lobby, joinPhase } = session;
  const settingsOpen = useSignal(false);
  // What this page draws later waits while the guest gets in, and for good once the page is left:
  // nobody sees it again.
  const held = useComputed(() => joinPhase.gettingIn.value || Boolean(hidden?.value));

  function submit(event: Event) {
    event.preventDefault();
    const trimmed = name.value.trim();
    if (!trimmed) return;
    // A join link's name is the link's, not the one this browser usually goes by.
    if (!info.nameFixed) writeName(trimmed);
    void session.enter(trimmed);
  }

  return (
    <main class="page prejoin" hidden={hidden}>
      <h1>{info.title}</h1>
      <p class="prejoin__when">
        {info.isHost ? t('prejoin.youHost') : t('prejoin.hostedBy', { name: info.hostName })} ·{' '}
        <time dateTime={info.startsAt}>{i18n.formatDate(new Date(info.startsAt), MEETING_TIME)}</time>
      </p>
      <div class="prejoin__layout">
        <div class="prejoin__camera">
          <CameraPreview media={media} heldBy={held} />
          {/* The media check and the language switch are drawn after the rest's first frame, in an
              idle moment, and not while the guest is getting in: the page's first render and its
              first style and layout were its longest tasks, Join is what a guest needs first, and a
              guest who presses it at once waited for their drawing (docs/benchmarks.md). */}
          <Later afterFrame idle heldBy={held}>
            <MediaCheckPanel check={check} micLevel={speaking.selfLevel} />
          </Later>
        </div>
        <div class="prejoin__side">
          <form class="card form prejoin__form" onSubmit={submit}>
            {info.nameFixed ? (
              <p class="prejoin__as" data-testid="fixed-name">
                {t('prejoin.joiningAs', { name: name.value })}
              </p>
            ) : (
              <label>
                {t('prejoin.yourName')}
                <input
                  name="name"
                  required
                  autoComplete="name"
                  maxLength={DISPLAY_NAME_MAX}
                  value={name.value}
                  onInput={(e) => (name.value = e.currentTarget.value)}
                />
              </label>
            )}
            <div class="prejoin__toggles">
              <MediaToggles media={media} call={call} />
              <BlurToggle media={media} enabled={blurOffered(info)} />
              <button
                type="button"
                class="control"
                aria-expanded={settingsOpen.value}
                aria-label={t('room.settings')}
                data-action="settings"
                onClick={() => (settingsOpen.value = !settingsOpen.value)}
              >
                <Settings class="icon" size={20} aria-hidden="true" />
              </button>
            </div>
            {settingsOpen.value && (
              <MediaSettings
                media={media}
                devices={devices}
                speaker={output.sinkId.value}
                onSpeaker={output.choose}
                onClose={() => (settingsOpen.value = false)}
              />
            )}
            {media.notice.value && (
              <p class="muted" role="status">
                {media.notice.value}
              </p>
            )}
            <JoinButton session={session} named={name.value.trim() !== ''} />
            {(lobby.error.value || call.error.value) && (
              <p class="form-error" role="alert" data-testid="join-error">
                {lobby.error.value?.message ?? call.error.value}
              </p>
            )}
            <p class="muted shortcut-hint">{t('prejoin.shortcuts')}</p>
          </form>
          {/* Below the form, so Join stays above the fold on a small phone; the language is the browser's until picked. */}
          <Later afterFrame idle heldBy={held}>
            <div class="prejoin__language">
              <LanguageSwitch />
            </div>
          </Later>
          {info.dialIn && (
            <p class="card dial-in">
              {tParts('prejoin.dialIn', { number: <strong>{info.dialIn.number}</strong>, pin: <strong>{info.dialIn.pin}#</strong> })}
            </p>
          )}
        </div>
      </div>
    </main>
  );
}

/**
 * Join, and "Joining…" once pressed. The only part of the page that reads the call's status: the
 * click's change of it re-draws this button, not the whole page in the click's task.
 */
function JoinButton({ session: { call, lobby }, named }: { session: CallSession; named: boolean }) {
  // In the call but the room not drawn yet (room/join-phase.ts) is still joining.
  const joining = call.status.value === 'joining' || call.status.value === 'in-call' || lobby.status.value === 'knocking';
  return (
    <button class="button button--primary button--large" type="submit" disabled={joining || !named} data-action="join">
      {joining ? t('prejoin.joining') : t('prejoin.join')}
    </button>
  );
}

export function readStoredName(): string {
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
