import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, createFakeFetch, type FakeAnswer, type FakeRequest } from '../../../test/pwa/fake-fetch.ts';
import { asTrack, createFakeMediaRecorders, FakeMediaStreamClass, FakeTrack } from '../../../test/pwa/fake-media.ts';
import { createRecorder } from './create-recorder.ts';

const BASE = '/api/meetings/meet-1/recordings';
const recording = {
  id: 'rec1',
  meetingId: 'meet-1',
  startedAt: '2026-01-01T10:00:00Z',
  endedAt: null,
  durationMs: 0,
  size: 0,
  state: 'recording',
  source: 'browser',
  error: null,
};

/** The host's page: the server's recording API (chunks answered by `chunk`), MediaRecorder, picture and sound. */
function setup({
  start = (): FakeAnswer => ({ status: 201, json: { recording } }),
  chunk = (_req: FakeRequest): FakeAnswer | Promise<FakeAnswer> => ({ json: { seq: 0, size: 1 } }),
  types = undefined as string[] | undefined,
  composeFails = false,
  pictureFailure = signal<string | null>(null),
} = {}) {
  const api = createFakeFetch({
    [`POST ${BASE}`]: start,
    [`POST ${BASE}/rec1/stop`]: () => ({ json: { recording: { ...recording, state: 'ready' } } }),
  });
  // Every chunk URL goes to `chunk`.
  for (let seq = 0; seq < 20; seq++) api.routes[`PUT ${BASE}/rec1/chunks/${seq}`] = chunk;
  const recorders = createFakeMediaRecorders(types);
  const released = { video: 0, sound: 0 };
  const video = asTrack(new FakeTrack('video', 'composed'));
  const sound = asTrack(new FakeTrack('audio', 'mixed'));
  const recorder = createRecorder({
    meetingId: 'meet-1',
    pictures: signal([]),
    audio: signal([]),
    participantHeaders: () => ({ 'x-participant-id': 'host-1', 'x-participant-token': 'tok' }),
    timesliceMs: 1000,
    MediaRecorder: recorders.MediaRecorder,
    MediaStream: FakeMediaStreamClass,
    composeVideo: () => {
      if (composeFails) throw new Error('no 2D canvas');
      return { track: video, failure: pictureFailure, dispose: () => void released.video++ };
    },
    mixAudio: () => ({ track: sound, dispose: () => void released.sound++ }),
    fetch: api.fetch,
  });
  /** The chunks the server got, as `seq:text`. */
  const uploaded = async () =>
    Promise.all(
      api.requests.filter((r) => r.method === 'PUT').map(async (r) => `${r.url.split('/').pop()}:${await (r.body as Blob).text()}`),
    );
  return { api, recorders, recorder, released, video, sound, uploaded };
}

const blob = (text: string) => new Blob([text]);

describe('recorder', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts: the server opens a recording for the host, and the call’s picture and sound are recorded as WebM', async () => {
    const { api, recorder, recorders, video, sound } = setup({ types: ['video/webm;codecs=vp9,opus', 'video/webm'] });
    await recorder.start();
    expect(recorder.phase.value).toBe('recording');
    expect(recorder.recordingId.value).toBe('rec1');
    expect(api.to(`POST ${BASE}`)[0]?.headers).toMatchObject({ 'x-participant-id': 'host-1', 'x-participant-token': 'tok' });
    const r = recorders.last();
    expect(r.state).toBe('recording');
    expect(r.timeslice).toBe(1000);
    expect(r.options.mimeType).toBe('video/webm;codecs=vp9,opus'); // the first this browser has
    expect(r.stream.getTracks()).toEqual([video, sound]);
  });

  it('uploads the chunks in order, one at a time', async () => {
    const answers: ((a: FakeAnswer) => void)[] = [];
    const { recorder, recorders, uploaded, api } = setup({ chunk: () => new Promise((resolve) => answers.push(resolve)) });
    await recorder.start();
    const r = recorders.last();
    r.emit(blob('a'));
    r.emit(blob('b'));
    r.emit(blob('c'));
    await vi.advanceTimersByTimeAsync(0);
    expect(api.requests.filter((q) => q.method === 'PUT')).toHaveLength(1); // the next waits for this one
    for (let i = 0; i < 3; i++) {
      answers.shift()?.({ json: {} });
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(await uploaded()).toEqual(['0:a', '1:b', '2:c']);
    expect(recorder.uploader.value?.uploadedChunks.value).toBe(3);
  });

  it('retries a chunk that failed, backing off (0.5 s, then 1 s), and keeps the order', async () => {
    const script: FakeAnswer[] = ['network', apiError(503, 'internal'), { json: {} }];
    const { recorder, recorders, api, uploaded } = setup({ chunk: () => script.shift() ?? { json: {} } });
    await recorder.start();
    const r = recorders.last();
    r.emit(blob('first'));
    r.emit(blob('second'));
    await vi.advanceTimersByTimeAsync(0);
    const puts = () => api.requests.filter((q) => q.method === 'PUT').map((q) => q.url.split('/').pop());
    expect(puts()).toEqual(['0']);
    expect(recorder.uploader.value?.failures.value).toBe(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(puts()).toEqual(['0']);
    await vi.advanceTimersByTimeAsync(1);
    expect(puts()).toEqual(['0', '0']);
    await vi.advanceTimersByTimeAsync(999);
    expect(puts()).toEqual(['0', '0']);
    await vi.advanceTimersByTimeAsync(1);
    expect(puts()).toEqual(['0', '0', '0', '1']);
    expect(await uploaded()).toEqual(['0:first', '0:first', '0:first', '1:second']);
    expect(recorder.uploader.value?.failures.value).toBe(0);
    expect(recorder.phase.value).toBe('recording');
  });

  it('stop: the last chunk goes up, then the server is asked to finalise; everything is let go', async () => {
    const { recorder, recorders, api, uploaded, released } = setup();
    await recorder.start();
    const r = recorders.last();
    r.emit(blob('a'));
    r.tail = blob('end');
    vi.advanceTimersByTime(4_000);
    const stopping = recorder.stop();
    await vi.advanceTimersByTimeAsync(0);
    await stopping;
    expect(r.state).toBe('inactive');
    expect(await uploaded()).toEqual(['0:a', '1:end']);
    const stopAt = api.requests.findIndex((q) => q.url === `${BASE}/rec1/stop`);
    expect(stopAt).toBe(api.requests.length - 1); // after every chunk
    expect(recorder.phase.value).toBe('idle');
    expect(recorder.recordingId.value).toBeNull();
    expect(recorder.error.value).toBeNull();
    expect(released).toEqual({ video: 1, sound: 1 });
    expect(recorder.lastDurationMs.value).toBeGreaterThanOrEqual(4_000);
  });

  it('a chunk the server refuses stops the recording, says why, and the server is told', async () => {
    const { recorder, recorders, api } = setup({ chunk: () => apiError(413, 'payload_too_large', 'the recording is over its size limit') });
    await recorder.start();
    recorders.last().emit(blob('too much'));
    await vi.advanceTimersByTimeAsync(0);
    expect(recorder.phase.value).toBe('idle');
    expect(recorder.error.value).toBe('Recording stopped: the recording is over its size limit.');
    expect(recorders.last().state).toBe('inactive');
    expect(api.to(`POST ${BASE}/rec1/stop`)).toHaveLength(1);
  });

  it('a guest is refused by the server: nothing is recorded, and the reason is shown', async () => {
    const { recorder, recorders, api } = setup({ start: () => apiError(403, 'forbidden', 'only the host may record') });
    await recorder.start();
    expect(recorder.phase.value).toBe('idle');
    expect(recorder.error.value).toBe('Recording could not start: only the host may record');
    expect(recorders.recorders).toEqual([]);
    expect(api.requests.map((q) => `${q.method} ${q.url}`)).toEqual([`POST ${BASE}`]);
  });

  it('a browser that cannot draw the recording: the server’s recording is stopped again, and the reason shown', async () => {
    const { recorder, recorders, api } = setup({ composeFails: true });
    await recorder.start();
    expect(recorder.phase.value).toBe('idle');
    expect(recorder.error.value).toBe('This browser cannot record the call: no 2D canvas');
    expect(recorders.recorders).toEqual([]);
    expect(api.to(`POST ${BASE}/rec1/stop`)).toHaveLength(1);
  });

  it('the browser stops recording by itself: finalised, with a message', async () => {
    const { recorder, recorders, api } = setup();
    await recorder.start();
    recorders.last().fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(recorder.phase.value).toBe('idle');
    expect(recorder.error.value).toBe('The browser stopped recording.');
    expect(api.to(`POST ${BASE}/rec1/stop`)).toHaveLength(1);
  });

  it('the picture breaks while recording (its worker failed): finalised, saying why, and let go', async () => {
    const pictureFailure = signal<string | null>(null);
    const { recorder, recorders, api, released } = setup({ pictureFailure });
    await recorder.start();
    pictureFailure.value = 'VideoFrame could not be made';
    await vi.advanceTimersByTimeAsync(0);
    expect(recorder.phase.value).toBe('idle');
    expect(recorder.error.value).toBe('Recording stopped: VideoFrame could not be made.');
    expect(recorders.last().state).toBe('inactive');
    expect(released.video).toBe(1);
    expect(api.to(`POST ${BASE}/rec1/stop`)).toHaveLength(1);
  });

  it('abandoned (the server ended it): stops here, keeping the reason', async () => {
    const { recorder } = setup();
    await recorder.start();
    const abandoning = recorder.abandon('The recording was ended by the server.');
    await vi.advanceTimersByTimeAsync(0);
    await abandoning;
    expect(recorder.phase.value).toBe('idle');
    expect(recorder.error.value).toBe('The recording was ended by the server.');
  });

  it('starts once, and stop without a recording does nothing', async () => {
    const { recorder, recorders, api } = setup();
    await recorder.stop();
    await Promise.all([recorder.start(), recorder.start()]);
    expect(recorders.recorders).toHaveLength(1);
    expect(api.to(`POST ${BASE}`)).toHaveLength(1);
  });

  it('page going away: the recorder stops at once and nothing more is uploaded', async () => {
    const { recorder, recorders, api, released } = setup();
    await recorder.start();
    const r = recorders.last();
    r.tail = blob('late');
    recorder.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.state).toBe('inactive');
    expect(api.requests.filter((q) => q.method === 'PUT')).toEqual([]);
    expect(released).toEqual({ video: 1, sound: 1 });
  });
});
