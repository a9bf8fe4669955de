import type { AppDeps } from '../../server/app-deps.ts';
import type { ChatRecord } from '../../server/storage/records.ts';

/** A meeting's whole chat as stored (host-only notes too), oldest first. */
export async function chatHistory(deps: Pick<AppDeps, 'storage'>, meetingId: string): Promise<ChatRecord[]> {
  return (await deps.storage.chat.page(meetingId, { limit: 1_000_000, includeHostOnly: true })).messages;
}
