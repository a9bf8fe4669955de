/** Names the browser may report for UTC itself; the select lists them as one "UTC". */
const UTC_ALIASES = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'Etc/Universal',
  'Etc/Zulu',
  'Etc/GMT',
  'Etc/GMT0',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'GMT',
  'UCT',
  'Universal',
  'Zulu',
]);

/** The zone to preselect for this browser: UTC under one name, whatever alias the system uses. */
export const normaliseZone = (zone: string | undefined): string => (!zone || UTC_ALIASES.has(zone) ? 'UTC' : zone);

/**
 * The time zones the invitation offers, with the browser's own always among them (so the select
 * never shows a blank choice): the browser's list (`Intl.supportedValuesOf`, which leaves out UTC
 * and, on some systems, the system's own zone), UTC first, no duplicates.
 */
export function timeZoneChoices(
  browserZone: string | undefined,
  supported: readonly string[] | undefined,
): { zones: string[]; selected: string } {
  const selected = normaliseZone(browserZone);
  const rest = (supported ?? []).map(normaliseZone).filter((z) => z !== 'UTC' && z !== selected);
  const zones = [...new Set(['UTC', ...(selected === 'UTC' ? [] : [selected]), ...rest.sort()])];
  return { zones, selected };
}
