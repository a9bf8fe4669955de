import { describe, expect, it } from 'vitest';
import { mediaTracks, parseMjrHeader, parseTrackName } from './janus-files.ts';

const header = (json: string, magic = 'MJR00002') => {
  const body = new TextEncoder().encode(json);
  return new Uint8Array([...new TextEncoder().encode(magic), body.length >> 8, body.length & 0xff, ...body, 0, 1, 2]);
};

describe('the files Janus writes for a recorded room', () => {
  it.each([
    [
      'videoroom-m1abc-user-p9xyz-1764500000123456-video-1.mjr',
      { room: 'm1abc', feed: 'p9xyz', kind: 'video', mindex: 1, createdUs: 1764500000123456 },
    ],
    [
      'videoroom-m1abc-user-p9xyz-1764500000123400-audio-0.mjr',
      { room: 'm1abc', feed: 'p9xyz', kind: 'audio', mindex: 0, createdUs: 1764500000123400 },
    ],
    ['videoroom-a-b-user-c-d-17-data-2.mjr', { room: 'a-b', feed: 'c-d', kind: 'data', mindex: 2, createdUs: 17 }],
  ])('reads %s', (name, want) => {
    expect(parseTrackName(name)).toEqual({ name, ...want });
  });

  it.each(['converted', 'videoroom-m-user-p-12-video-1.webm', 'videoroom-m-user-p-x-video-1.mjr', 'other.mjr'])('ignores %s', (name) => {
    expect(parseTrackName(name)).toBeNull();
  });

  it('lists the audio and video files oldest first, data channels left out', () => {
    const names = [
      'videoroom-m-user-b-300-video-1.mjr',
      'videoroom-m-user-a-100-video-1.mjr',
      'videoroom-m-user-a-100-data-2.mjr',
      'videoroom-m-user-a-99-audio-0.mjr',
      'converted',
    ];
    expect(mediaTracks(names).map((t) => t.name)).toEqual([
      'videoroom-m-user-a-99-audio-0.mjr',
      'videoroom-m-user-a-100-video-1.mjr',
      'videoroom-m-user-b-300-video-1.mjr',
    ]);
  });

  it('reads the info header of an .mjr file (when its first frame was written)', () => {
    expect(parseMjrHeader(header('{"t":"v","c":"vp8","s":1764500000000000,"u":1764500000250000}'))).toEqual({
      t: 'v',
      c: 'vp8',
      s: 1764500000000000,
      u: 1764500000250000,
    });
  });

  it.each([
    ['another format', header('{"t":"v","c":"vp8","s":1,"u":2}', 'MJR00001')],
    ['a file that never got a packet', new TextEncoder().encode('MJR00002')],
    ['a header cut short', header('{"t":"v","c":"vp8","s":1,"u":2}').subarray(0, 20)],
    ['a header without times', header('{"t":"v","c":"vp8"}')],
    ['a header that is not JSON', header('{"t":')],
  ])('has no header for %s', (_, bytes) => {
    expect(parseMjrHeader(bytes)).toBeNull();
  });
});
