import { describe, expect, it } from 'vitest';
import { speakerChoice, systemDefault } from './speaker-choice.ts';

const headset = { deviceId: 'headset', label: 'Headset' };
const browserDefault = { deviceId: 'default', label: 'Default - Speakers' };

describe('speakerChoice: the Speaker select always shows a choice', () => {
  it.each([
    ['the chosen speaker, when it is there', [browserDefault, headset], 'headset', 'headset', 2],
    ["the browser's default entry for the system's speaker", [browserDefault, headset], '', 'default', 2],
    ["the browser's default entry for a remembered speaker that is gone", [browserDefault, headset], 'unplugged', 'default', 2],
    ['"System default" when the browser lists no default entry', [headset], '', '', 2],
    ['"System default" for a gone speaker without a default entry', [headset], 'unplugged', '', 2],
    ['"System default" alone when no speaker is listed', [], '', '', 1],
  ])('%s', (_, outputs, sinkId, value, count) => {
    const choice = speakerChoice(outputs, sinkId);
    expect(choice.value).toBe(value);
    expect(choice.options).toHaveLength(count);
    expect(choice.options.some((o) => o.deviceId === choice.value)).toBe(true);
  });

  it('lists "System default" first when it adds it', () => {
    expect(speakerChoice([headset], '').options[0]).toEqual(systemDefault());
  });
});
