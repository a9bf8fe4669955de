import * as v from 'valibot';
import { t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';
import {
  EXTENSION_ID_ATTRIBUTE,
  EXTENSION_PROTOCOL_VERSION,
  EXTENSION_READY_EVENT,
  ExtensionHelloSchema,
  TAB_SHARE_KEEPALIVE_MS,
  TAB_SHARE_PORT,
  TabShareExtensionMessageSchema,
  type PageHello,
  type TabShareCancelReason,
  type TabSharePageMessage,
} from '../../../shared/extension-messages.ts';

/**
 * Sharing a browser tab through the Meeting room extension, without the browser's picker
 * (framework-free; the screen-share feature decides when to use it). Protocol: shared/extension-messages.ts.
 *
 *   const extension = await detectMeetingExtension();          // null: use getDisplayMedia
 *   const share = await shareTabThroughExtension(extension, { onWaiting: showInstructions });
 *   // share.stream: the tab's video (and audio) track; share.stop() when done.
 */

/** The part of `chrome.runtime` a web page gets from `externally_connectable`. */
export interface ExternalRuntime {
  sendMessage(extensionId: string, message: unknown, callback: (response: unknown) => void): void;
  connect(extensionId: string, info: { name: string }): ExternalPort;
  readonly lastError?: { message?: string } | undefined;
}

export interface ExternalPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface MeetingExtension {
  id: string;
  version: string;
  signedIn: boolean;
}

export interface ExtensionEnvironment {
  document?: Document;
  /** `chrome.runtime` of the page; absent when no installed extension lets this origin talk to it. */
  runtime?: ExternalRuntime | null;
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  createAudioContext?: () => AudioContext;
}

export const TabShareFailure = {
  /** The user cancelled in the extension. */
  Cancelled: 'cancelled',
  /** Another room asked the extension after this one. */
  Replaced: 'replaced',
  /** Nobody picked a tab in time. */
  Timeout: 'timeout',
  /** The extension went away while we waited (updated, disabled, restarted). */
  Disconnected: 'disconnected',
  /** The extension said something this page does not understand. */
  Protocol: 'protocol',
  /** Chrome refused the stream id (it expired, or the tab was closed). */
  CaptureFailed: 'capture-failed',
} as const;
export type TabShareFailure = (typeof TabShareFailure)[keyof typeof TabShareFailure];

export class TabShareError extends Error {
  override readonly name = 'TabShareError';
  readonly failure: TabShareFailure;
  constructor(failure: TabShareFailure, message: string) {
    super(message);
    this.failure = failure;
  }
}

export interface TabShare {
  /** The tab's video track and, when the tab has sound, its audio track. */
  readonly stream: MediaStream;
  readonly tabTitle: string;
  /** Stops the capture and the local playback of the tab's sound. Idempotent. */
  stop(): void;
}

export interface TabShareRequest {
  roomTitle?: string;
  /** The extension waits for the user: show these instructions (go to the tab, click the icon). */
  onWaiting?(instructions: string): void;
  /** Aborting withdraws the request. */
  signal?: AbortSignal;
}

/**
 * Shares a tab through the extension into the call (`use`): the instructions first, then the
 * extension's own. Resolves with what went wrong in the page's language, or null (shared, or
 * cancelled by the person).
 */
export async function shareTabInto(
  ext: MeetingExtension,
  request: TabShareRequest,
  use: (stream: MediaStream) => void,
): Promise<string | null> {
  request.onWaiting?.(t('share.goToTab'));
  try {
    use((await shareTabThroughExtension(ext, request)).stream);
    return null;
  } catch (e) {
    if (e instanceof TabShareError) return e.failure === TabShareFailure.Cancelled ? null : t(`share.tab.${e.failure}`);
    return (e as Error)?.name === 'AbortError' || request.signal?.aborted ? null : (e as Error).message;
  }
}

const DETECT_TIMEOUT_MS = 1500;

const pageRuntime = (): ExternalRuntime | null =>
  ((globalThis as { chrome?: { runtime?: ExternalRuntime } }).chrome?.runtime as ExternalRuntime | undefined) ?? null;

/** The extension id the extension's room bridge wrote on this page, if any. */
export const announcedExtensionId = (doc: Document = document): string | null =>
  doc.documentElement.getAttribute(EXTENSION_ID_ATTRIBUTE) || null;

/**
 * The installed Meeting room extension, or null (not installed, or this server's origin is not one
 * the extension was built to talk to). Waits briefly for the extension to announce itself, then says
 * hello to check it answers.
 */
export async function detectMeetingExtension(env: ExtensionEnvironment & { timeoutMs?: number } = {}): Promise<MeetingExtension | null> {
  const doc = env.document ?? document;
  const id = announcedExtensionId(doc) ?? (await waitForAnnouncement(doc, env.timeoutMs ?? DETECT_TIMEOUT_MS));
  const runtime = env.runtime === undefined ? pageRuntime() : env.runtime;
  if (!id || !runtime?.sendMessage) return null;
  const hello: PageHello = { type: 'hello', protocol: EXTENSION_PROTOCOL_VERSION };
  const answer = await new Promise<unknown>((resolve) => {
    try {
      runtime.sendMessage(id, hello, (response) => {
        void runtime.lastError; // read, so Chrome does not log "Unchecked runtime.lastError"
        resolve(response);
      });
    } catch {
      resolve(undefined);
    }
  });
  const parsed = v.safeParse(ExtensionHelloSchema, answer);
  if (!parsed.success || parsed.output.protocol !== EXTENSION_PROTOCOL_VERSION) return null;
  return { id, version: parsed.output.extensionVersion, signedIn: parsed.output.signedIn };
}

function waitForAnnouncement(doc: Document, timeoutMs: number): Promise<string | null> {
  const view = doc.defaultView;
  if (!view) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = () => {
      view.clearTimeout(timer);
      view.removeEventListener(EXTENSION_READY_EVENT, done);
      resolve(announcedExtensionId(doc));
    };
    const timer = view.setTimeout(done, timeoutMs);
    view.addEventListener(EXTENSION_READY_EVENT, done);
  });
}

/**
 * Asks the extension for a tab. Resolves once the user picked one (in the extension) and the page
 * captured it; rejects with a TabShareError (or the signal's reason).
 */
export function shareTabThroughExtension(
  extension: Pick<MeetingExtension, 'id'>,
  request: TabShareRequest = {},
  env: ExtensionEnvironment = {},
): Promise<TabShare> {
  const runtime = env.runtime === undefined ? pageRuntime() : env.runtime;
  if (!runtime)
    return Promise.reject(new TabShareError(TabShareFailure.Disconnected, 'The Meeting room extension is not available on this page.'));
  const { signal } = request;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<TabShare>((resolve, reject) => {
    const port = runtime.connect(extension.id, { name: TAB_SHARE_PORT });
    const send = (message: TabSharePageMessage) => port.postMessage(message);
    let settled = false;
    const keepalive = setInterval(() => send({ type: 'keepalive' }), TAB_SHARE_KEEPALIVE_MS);

    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(keepalive);
      signal?.removeEventListener('abort', onAbort);
      try {
        port.disconnect();
      } catch {
        /* already gone */
      }
      outcome();
    };
    const fail = (failure: TabShareFailure, message: string) => settle(() => reject(new TabShareError(failure, message)));
    const onAbort = () => {
      try {
        send({ type: 'tab-share/cancel' });
      } catch {
        /* the port is gone anyway */
      }
      settle(() => reject(signal?.reason));
    };
    signal?.addEventListener('abort', onAbort);

    port.onDisconnect.addListener(() => {
      void runtime.lastError;
      fail(TabShareFailure.Disconnected, 'The Meeting room extension stopped while waiting. Try again.');
    });
    port.onMessage.addListener((raw) => {
      const parsed = v.safeParse(TabShareExtensionMessageSchema, raw);
      if (!parsed.success)
        return fail(TabShareFailure.Protocol, 'The Meeting room extension sent an unexpected message. Update the extension.');
      const message = parsed.output;
      switch (message.type) {
        case 'tab-share/waiting':
          return request.onWaiting?.(message.instructions);
        case 'tab-share/granted':
          return settle(() => captureTab(message.streamId, message.tab.title, env).then(resolve, reject));
        case 'tab-share/cancelled':
          return fail(cancelled[message.reason].failure, cancelled[message.reason].message);
        case 'error':
          return fail(TabShareFailure.Protocol, message.message);
        default:
          return assertNever(message);
      }
    });
    send({ type: 'tab-share/request', ...(request.roomTitle ? { roomTitle: request.roomTitle.slice(0, 200) } : {}) });
  });
}

const cancelled: Record<TabShareCancelReason, { failure: TabShareFailure; message: string }> = {
  user: { failure: TabShareFailure.Cancelled, message: 'Tab sharing was cancelled.' },
  replaced: {
    failure: TabShareFailure.Replaced,
    message: 'Another meeting room asked the extension for a tab; ask again here to share in this room.',
  },
  timeout: { failure: TabShareFailure.Timeout, message: 'No tab was picked in time. Click "Share a tab" again.' },
};

/**
 * Opens the tab's stream (the stream id only works in this tab, once, for a few seconds) and keeps
 * the tab audible for the sharer: capturing a tab mutes it locally, so its sound is played back here.
 */
export async function captureTab(streamId: string, tabTitle: string, env: ExtensionEnvironment = {}): Promise<TabShare> {
  const getUserMedia = env.getUserMedia ?? ((c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c));
  const source = { chromeMediaSource: 'tab', chromeMediaSourceId: streamId };
  // Chrome's legacy `mandatory` constraints are the only way to pass a tab's stream id.
  const constraints = {
    video: { mandatory: { ...source, maxWidth: 1920, maxHeight: 1080, maxFrameRate: 30 } },
    audio: { mandatory: source },
  } as unknown as MediaStreamConstraints;
  let stream: MediaStream;
  try {
    stream = await getUserMedia(constraints);
  } catch (error) {
    throw new TabShareError(TabShareFailure.CaptureFailed, `The tab could not be captured: ${(error as Error).message}`);
  }

  let audio: AudioContext | null = null;
  if (stream.getAudioTracks().length > 0) {
    try {
      audio = (env.createAudioContext ?? (() => new AudioContext()))();
      audio.createMediaStreamSource(stream).connect(audio.destination);
    } catch {
      audio = null; // the share works without local playback
    }
  }

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    void audio?.close().catch(() => undefined);
  };
  // The tab was closed, or Chrome's own "Stop sharing" was used.
  stream.getVideoTracks()[0]?.addEventListener('ended', stop);
  // Code that stops the tracks itself (a screen share's Stop) ends the playback too: `stop()` on a
  // track fires no `ended`, so the call is followed here.
  for (const track of stream.getTracks()) {
    const stopTrack = track.stop.bind(track);
    track.stop = () => {
      stopTrack();
      stop();
    };
  }
  return { stream, tabTitle, stop };
}

function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}
