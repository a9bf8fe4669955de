import type { CreateMeetingBody, Meeting, UpdateMeetingBody } from '../../shared/api/meetings.ts';
import type { AppDeps } from '../app-deps.ts';
import { notFound } from '../lib/api-error.ts';
import { newId, newSecret } from '../lib/ids.ts';
import type { MeetingRecord } from '../storage/records.ts';

export const toMeeting = (m: MeetingRecord): Meeting => ({
  id: m.id,
  title: m.title,
  startsAt: m.startsAt,
  durationMinutes: m.durationMinutes,
  createdAt: m.createdAt,
  waitingRoom: m.waitingRoom ?? false,
  mediaMode: m.mediaMode ?? 'auto',
});

type Deps = Pick<AppDeps, 'storage' | 'clock' | 'limits' | 'recordings'>;

/**
 * What changes a meeting, the same for the app's own API (routes/meetings.ts) and the public one
 * (api-v1/): counted against the owner's limits, stored, and cleaned up after.
 */
export async function createMeeting(deps: Deps, ownerId: string, body: CreateMeetingBody, ip: string): Promise<MeetingRecord> {
  await deps.limits.take('meetingsPerAccount', ownerId);
  await deps.limits.take('meetingsPerIp', ip);
  const record: MeetingRecord = {
    id: newId(),
    ownerId,
    title: body.title,
    startsAt: new Date(body.startsAt).toISOString(),
    durationMinutes: body.durationMinutes,
    createdAt: deps.clock().toISOString(),
    linkToken: newSecret(),
    waitingRoom: body.waitingRoom ?? true,
    ...(body.mediaMode ? { mediaMode: body.mediaMode } : {}),
  };
  await deps.storage.meetings.create(record);
  return record;
}

export async function updateMeeting(deps: Deps, id: string, body: UpdateMeetingBody): Promise<MeetingRecord> {
  const updated = await deps.storage.meetings.update(id, {
    title: body.title,
    startsAt: body.startsAt === undefined ? undefined : new Date(body.startsAt).toISOString(),
    durationMinutes: body.durationMinutes,
    waitingRoom: body.waitingRoom,
    mediaMode: body.mediaMode,
  });
  if (!updated) throw notFound('meeting');
  return updated;
}

/** The meeting, its invitations and its recordings (records and files). */
export async function deleteMeeting(deps: Deps, id: string): Promise<void> {
  await deps.storage.meetings.delete(id);
  await deps.recordings.removeMeeting(id);
}
