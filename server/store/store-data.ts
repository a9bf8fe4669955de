/** The shape of everything we persist. Bump `version` and add a migration when it changes. */
export interface MeetingRecord {
  id: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  createdAt: string;
  /** Telephone dial-in PIN, digits only; given on first use, so older records have none. */
  dialInPin?: string;
}

export interface StoreData {
  version: 1;
  meetings: MeetingRecord[];
}

export const emptyStoreData = (): StoreData => ({ version: 1, meetings: [] });

/** Fills in collections added after a data file was written, so old files keep working. */
export function normaliseStoreData(raw: unknown): StoreData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('the top level is not an object');
  }
  const data = { ...emptyStoreData(), ...(raw as Partial<StoreData>) };
  if (data.version !== 1) throw new Error(`unknown data version ${String(data.version)}`);
  if (!Array.isArray(data.meetings)) throw new Error('"meetings" is not a list');
  return data;
}
