import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '../../../shared/room-events.ts';
import type { Call } from '../call/create-call.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { createModerationState } from './create-moderation.ts';

function fakeRoom({ muted = false } = {}) {
  const listeners = new Set<(e: ServerEvent) => void>();
  const sendsNoAudio = signal(muted);
  const media = {
    sendsNoAudio,
    setAudioMuted: vi.fn((m: boolean) => void (sendsNoAudio.value = m)),
    setVideoMuted: vi.fn(),
  } as unknown as LocalMedia & { setAudioMuted: ReturnType<typeof vi.fn>; setVideoMuted: ReturnType<typeof vi.fn> };
  const call = {
    subscribe: (l: (e: ServerEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    screen: { stop: vi.fn() },
    toggleAudio: vi.fn(() => void (sendsNoAudio.value = !sendsNoAudio.value)),
  } as unknown as Call & { screen: { stop: ReturnType<typeof vi.fn> }; toggleAudio: ReturnType<typeof vi.fn> };
  const say = (action: 'mute' | 'stop-video' | 'stop-share' | 'ask-unmute') => listeners.forEach((l) => l({ type: 'moderation', action }));
  return { call, media, say, listeners };
}

describe('moderation state', () => {
  it.each([
    ['mute', 'setAudioMuted', /muted your microphone/],
    ['stop-video', 'setVideoMuted', /turned your camera off/],
  ] as const)('%s turns our own device off and says why', (action, method, text) => {
    const { call, media, say } = fakeRoom();
    const state = createModerationState({ call, media });
    say(action);
    expect(media[method]).toHaveBeenCalledWith(true);
    expect(state.notice.value).toMatch(text);
    state.dismissNotice();
    expect(state.notice.value).toBeNull();
  });

  it('stop-share stops our screen share', () => {
    const { call, media, say } = fakeRoom();
    const state = createModerationState({ call, media });
    say('stop-share');
    expect(call.screen.stop).toHaveBeenCalled();
    expect(state.notice.value).toMatch(/stopped your screen share/);
  });

  it('ask-unmute only asks: the microphone stays off until we agree', () => {
    const { call, media, say } = fakeRoom({ muted: true });
    const state = createModerationState({ call, media });
    say('ask-unmute');
    expect(state.unmuteAsked.value).toBe(true);
    expect(call.toggleAudio).not.toHaveBeenCalled();
    expect(media.sendsNoAudio.value).toBe(true);
    state.unmute();
    expect(media.sendsNoAudio.value).toBe(false);
    expect(state.unmuteAsked.value).toBe(false);
  });

  it('ignores ask-unmute when already talking, and stops listening on dispose', () => {
    const { call, media, say, listeners } = fakeRoom({ muted: false });
    const state = createModerationState({ call, media });
    say('ask-unmute');
    expect(state.unmuteAsked.value).toBe(false);
    state.dispose();
    expect(listeners.size).toBe(0);
  });
});
