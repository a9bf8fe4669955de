import { describe, expect, it } from 'vitest';
import { RecordingState } from '../../../shared/api/recordings.ts';
import { nextServerRecordingState, type ServerRecordingEvent } from './server-recording-state.ts';

const { Recording, Processing, Ready, Failed } = RecordingState;
const stop: ServerRecordingEvent = { type: 'stop' };
const processed: ServerRecordingEvent = { type: 'processed' };
const fail: ServerRecordingEvent = { type: 'fail', error: 'ffmpeg failed' };

describe('a server recording’s states', () => {
  it.each([
    [Recording, stop, Processing],
    [Processing, processed, Ready],
    [Recording, fail, Failed],
    [Processing, fail, Failed],
    // Nothing else moves it: a stop while processing, processed twice, anything after the end.
    [Processing, stop, null],
    [Recording, processed, null],
    [Ready, stop, null],
    [Ready, fail, null],
    [Ready, processed, null],
    [Failed, processed, null],
    [Failed, stop, null],
    [Failed, fail, null],
  ] as const)('%s + %o → %s', (from, event, to) => {
    expect(nextServerRecordingState(from, event)).toBe(to);
  });
});
