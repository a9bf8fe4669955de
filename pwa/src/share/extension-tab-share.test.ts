// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXTENSION_ID_ATTRIBUTE, EXTENSION_READY_EVENT, TAB_SHARE_KEEPALIVE_MS } from '../../../shared/extension-messages.ts';
import {
  captureTab,
  detectMeetingExtension,
  shareTabThroughExtension,
  TabShareError,
  type ExternalPort,
  type ExternalRuntime,
} from './extension-tab-share.ts';

/** What the extension side of `externally_connectable` looks like to the page. */
function fakeRuntime(helloAnswer: unknown = { type: 'hello', protocol: 1, extensionVersion: '0.1.0', signedIn: true }) {
  const fromPage: unknown[] = [];
  let onMessage: (m: unknown) => void = () => {};
  let onDisconnect: () => void = () => {};
  const port: ExternalPort & { disconnected: boolean } = {
    disconnected: false,
    postMessage: (m) => void fromPage.push(m),
    disconnect: () => void (port.disconnected = true),
    onMessage: { addListener: (l) => void (onMessage = l) },
    onDisconnect: { addListener: (l) => void (onDisconnect = l) },
  };
  const runtime: ExternalRuntime & { connected: string[] } = {
    connected: [],
    sendMessage: (_id, _message, callback) => queueMicrotask(() => callback(helloAnswer)),
    connect: (id, { name }) => {
      runtime.connected.push(`${id}/${name}`);
      return port;
    },
  };
  return { runtime, port, fromPage, extensionSays: (m: unknown) => onMessage(m), extensionGone: () => onDisconnect() };
}

function fakeStream(kinds: ('audio' | 'video')[]) {
  const tracks = kinds.map((kind) =>
    Object.assign(new EventTarget(), {
      kind,
      stopped: false,
      stop() {
        this.stopped = true;
      },
    }),
  );
  return {
    tracks,
    stream: {
      getTracks: () => tracks,
      getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
      getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    } as unknown as MediaStream,
  };
}

function fakeAudioContext() {
  const connected: unknown[] = [];
  const ctx = {
    destination: { name: 'speakers' },
    closed: false,
    createMediaStreamSource: (stream: MediaStream) => ({ connect: (to: unknown) => void connected.push([stream, to]) }),
    close: async () => void (ctx.closed = true),
  };
  return { ctx, connected };
}

describe('finding the extension', () => {
  beforeEach(() => document.documentElement.removeAttribute(EXTENSION_ID_ATTRIBUTE));

  it('reads the id the extension wrote on the page, and checks that it answers hello', async () => {
    document.documentElement.setAttribute(EXTENSION_ID_ATTRIBUTE, 'abcdefghijklmnop');
    const { runtime } = fakeRuntime();
    await expect(detectMeetingExtension({ runtime })).resolves.toEqual({ id: 'abcdefghijklmnop', version: '0.1.0', signedIn: true });
  });

  it('waits for an announcement that comes after the page started', async () => {
    const { runtime } = fakeRuntime();
    const found = detectMeetingExtension({ runtime, timeoutMs: 5000 });
    document.documentElement.setAttribute(EXTENSION_ID_ATTRIBUTE, 'abcdefghijklmnop');
    window.dispatchEvent(new CustomEvent(EXTENSION_READY_EVENT, { detail: 'abcdefghijklmnop' }));
    await expect(found).resolves.toMatchObject({ id: 'abcdefghijklmnop' });
  });

  it('is null without the extension, without externally_connectable, or with a wrong answer', async () => {
    await expect(detectMeetingExtension({ runtime: fakeRuntime().runtime, timeoutMs: 10 })).resolves.toBeNull();
    document.documentElement.setAttribute(EXTENSION_ID_ATTRIBUTE, 'abcdefghijklmnop');
    await expect(detectMeetingExtension({ runtime: null })).resolves.toBeNull();
    await expect(detectMeetingExtension({ runtime: fakeRuntime(null).runtime })).resolves.toBeNull();
    await expect(
      detectMeetingExtension({ runtime: fakeRuntime({ type: 'hello', protocol: 99, extensionVersion: '9', signedIn: false }).runtime }),
    ).resolves.toBeNull();
  });
});

describe('sharing a tab through the extension', () => {
  afterEach(() => vi.useRealTimers());

  it('asks on a tab-share port, shows the instructions, then captures the granted tab with its sound played back', async () => {
    const ext = fakeRuntime();
    const { stream, tracks } = fakeStream(['video', 'audio']);
    const getUserMedia = vi.fn(async () => stream);
    const audio = fakeAudioContext();
    const onWaiting = vi.fn();
    const sharing = shareTabThroughExtension(
      { id: 'ext' },
      { roomTitle: 'Customer call', onWaiting },
      {
        runtime: ext.runtime,
        getUserMedia,
        createAudioContext: () => audio.ctx as unknown as AudioContext,
      },
    );
    expect(ext.runtime.connected).toEqual(['ext/tab-share']);
    expect(ext.fromPage).toEqual([{ type: 'tab-share/request', roomTitle: 'Customer call' }]);
    ext.extensionSays({ type: 'tab-share/waiting', instructions: 'Click the icon on the tab' });
    expect(onWaiting).toHaveBeenCalledWith('Click the icon on the tab');
    ext.extensionSays({ type: 'tab-share/granted', streamId: 'stream-7', tab: { title: 'Figures' } });
    const share = await sharing;
    expect(getUserMedia).toHaveBeenCalledWith({
      video: {
        mandatory: { chromeMediaSource: 'tab', chromeMediaSourceId: 'stream-7', maxWidth: 1920, maxHeight: 1080, maxFrameRate: 30 },
      },
      audio: { mandatory: { chromeMediaSource: 'tab', chromeMediaSourceId: 'stream-7' } },
    });
    expect(share.tabTitle).toBe('Figures');
    expect(share.stream).toBe(stream);
    expect(audio.connected).toEqual([[stream, audio.ctx.destination]]);
    expect(ext.port.disconnected).toBe(true);
    share.stop();
    share.stop();
    expect(tracks.every((t) => t.stopped)).toBe(true);
    expect(audio.ctx.closed).toBe(true);
  });

  it("stops the playback when the tab ends the capture (tab closed, Chrome's stop button)", async () => {
    const { stream, tracks } = fakeStream(['video', 'audio']);
    const audio = fakeAudioContext();
    await captureTab('id', 'Tab', { getUserMedia: async () => stream, createAudioContext: () => audio.ctx as unknown as AudioContext });
    tracks[0]!.dispatchEvent(new Event('ended'));
    expect(audio.ctx.closed).toBe(true);
    expect(tracks[1]!.stopped).toBe(true);
  });

  it("ends the playback when other code stops the tracks (the screen share's own Stop)", async () => {
    const { stream, tracks } = fakeStream(['video', 'audio']);
    const audio = fakeAudioContext();
    await captureTab('id', 'Tab', { getUserMedia: async () => stream, createAudioContext: () => audio.ctx as unknown as AudioContext });
    for (const track of stream.getTracks()) track.stop();
    expect(audio.ctx.closed).toBe(true);
    expect(tracks.every((t) => t.stopped)).toBe(true);
  });

  it('keeps the extension awake while waiting', async () => {
    vi.useFakeTimers();
    const ext = fakeRuntime();
    void shareTabThroughExtension({ id: 'ext' }, {}, { runtime: ext.runtime }).catch(() => undefined);
    vi.advanceTimersByTime(TAB_SHARE_KEEPALIVE_MS * 2);
    expect(ext.fromPage.slice(1)).toEqual([{ type: 'keepalive' }, { type: 'keepalive' }]);
  });

  it.each([
    [{ type: 'tab-share/cancelled', reason: 'user' }, 'cancelled'],
    [{ type: 'tab-share/cancelled', reason: 'timeout' }, 'timeout'],
    [{ type: 'tab-share/cancelled', reason: 'replaced' }, 'replaced'],
    [{ type: 'error', code: 'bad_message', message: 'no' }, 'protocol'],
    [{ type: 'tab-share/granted' }, 'protocol'],
    ['nonsense', 'protocol'],
  ])('rejects on %j with failure %s', async (message, failure) => {
    const ext = fakeRuntime();
    const sharing = shareTabThroughExtension({ id: 'ext' }, {}, { runtime: ext.runtime });
    ext.extensionSays(message);
    await expect(sharing).rejects.toMatchObject({ name: 'TabShareError', failure });
    expect(ext.port.disconnected).toBe(true);
  });

  it('rejects when the extension goes away, or the capture fails', async () => {
    const gone = fakeRuntime();
    const waiting = shareTabThroughExtension({ id: 'ext' }, {}, { runtime: gone.runtime });
    gone.extensionGone();
    await expect(waiting).rejects.toMatchObject({ failure: 'disconnected' });

    const ext = fakeRuntime();
    const denied = shareTabThroughExtension(
      { id: 'ext' },
      {},
      {
        runtime: ext.runtime,
        getUserMedia: async () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')),
      },
    );
    ext.extensionSays({ type: 'tab-share/granted', streamId: 's', tab: { title: 't' } });
    await expect(denied).rejects.toThrow(TabShareError);
    await expect(denied).rejects.toMatchObject({ failure: 'capture-failed', message: /Requested device not found/ });
  });

  it('withdraws the request when the room aborts', async () => {
    const ext = fakeRuntime();
    const controller = new AbortController();
    const sharing = shareTabThroughExtension({ id: 'ext' }, { signal: controller.signal }, { runtime: ext.runtime });
    controller.abort(new DOMException('The user closed the share dialog', 'AbortError'));
    await expect(sharing).rejects.toMatchObject({ name: 'AbortError' });
    expect(ext.fromPage.at(-1)).toEqual({ type: 'tab-share/cancel' });
    expect(ext.port.disconnected).toBe(true);
  });
});
