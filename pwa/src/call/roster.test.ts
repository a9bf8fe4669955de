import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { person } from '../../../test/pwa/call-world.ts';
import { createRoster } from './roster.ts';

describe('roster', () => {
  it('keeps the server order: a new participant goes last, an update stays where it stands', () => {
    const roster = createRoster(signal('me'));
    roster.set([person('me'), person('ann')]);
    roster.upsert(person('bob'));
    roster.upsert(person('ann', { audioMuted: true }));
    expect(roster.participants.value.map((p) => p.id)).toEqual(['me', 'ann', 'bob']);
    expect(roster.find('ann')?.audioMuted).toBe(true);
    expect(roster.count.value).toBe(3);
  });

  it('tells us apart from the others, follows who shares, and says who left', () => {
    const selfId = signal<string | null>(null);
    const roster = createRoster(selfId);
    roster.set([person('me'), person('ann', { screenSharing: true })]);
    expect(roster.others.value.map((p) => p.id)).toEqual(['me', 'ann']);
    selfId.value = 'me';
    expect(roster.others.value.map((p) => p.id)).toEqual(['ann']);
    expect(roster.sharer.value?.id).toBe('ann');
    expect(roster.remove('ann')?.name).toBe('Name of ann');
    expect(roster.remove('ann')).toBeUndefined();
    expect(roster.sharer.value).toBeNull();
    expect(roster.count.value).toBe(1);
  });
});
