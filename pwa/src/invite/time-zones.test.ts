import { describe, expect, it } from 'vitest';
import { normaliseZone, timeZoneChoices } from './time-zones.ts';

const supported = ['Africa/Abidjan', 'Europe/Amsterdam', 'Europe/Berlin'];

describe('the invitation time-zone select', () => {
  it.each([
    ['UTC', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Etc/GMT', 'UTC'],
    ['GMT', 'UTC'],
    [undefined, 'UTC'],
    ['', 'UTC'],
    ['Europe/Amsterdam', 'Europe/Amsterdam'],
  ])('the browser zone %j is preselected as %j', (zone, want) => {
    const { zones, selected } = timeZoneChoices(zone, supported);
    expect(selected).toBe(want);
    expect(zones).toContain(selected);
  });

  it('lists UTC first, once, then every supported zone', () => {
    expect(timeZoneChoices('Etc/UTC', [...supported, 'Etc/UTC']).zones).toEqual(['UTC', ...supported]);
  });

  it("adds the browser's zone when the browser's own list leaves it out", () => {
    const { zones, selected } = timeZoneChoices('America/Ciudad_Juarez', supported);
    expect(selected).toBe('America/Ciudad_Juarez');
    expect(zones.slice(0, 2)).toEqual(['UTC', 'America/Ciudad_Juarez']);
    expect(new Set(zones).size).toBe(zones.length);
  });

  it('works without Intl.supportedValuesOf', () => {
    expect(timeZoneChoices('Europe/Berlin', undefined)).toEqual({ zones: ['UTC', 'Europe/Berlin'], selected: 'Europe/Berlin' });
  });

  it('keeps named zones as they are', () => expect(normaliseZone('Asia/Tokyo')).toBe('Asia/Tokyo'));
});
