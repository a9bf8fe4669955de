/**
 * The VideoRoom's plugin messages that a server-side participant (rtp-participant.ts) speaks and
 * reads, as pure functions: the join requests, and what a room event says about the feeds.
 */

export type MediaKind = 'audio' | 'video';

/** A feed published in the room (feed ids are participant ids), with the kinds of media it sends. */
export interface FeedInfo {
  id: string;
  display: string;
  kinds: MediaKind[];
}

/** What one room event changes: feeds that published (or changed), feeds that left or stopped publishing. */
export interface FeedChanges {
  published: FeedInfo[];
  gone: string[];
}

/** Joins the meeting's room as the publisher `feedId` (through our proxy the feed id is forced to the participant's). */
export const publisherJoin = (room: string, feedId: string, display: string) => ({
  request: 'join',
  ptype: 'publisher',
  room,
  id: feedId,
  display,
});

/** Subscribes to one feed: all its streams (the answer may decline the kinds it does not want). */
export const subscriberJoin = (room: string, feed: string) => ({
  request: 'join',
  ptype: 'subscriber',
  room,
  streams: [{ feed }],
});

const isKind = (type: unknown): type is MediaKind => type === 'audio' || type === 'video';

/**
 * Reads a VideoRoom event (the publisher's `joined` answer, or a later `event`): `publishers` lists
 * feeds now publishing; `leaving` and `unpublished` name a feed that is gone (`"ok"` is the
 * answer to our own unpublish). Our own feed is never in the result.
 */
export function feedChanges(data: Record<string, unknown>, selfId: string): FeedChanges {
  const published: FeedInfo[] = [];
  const list = Array.isArray(data.publishers) ? data.publishers : [];
  for (const entry of list as Array<Record<string, unknown>>) {
    if (entry === null || typeof entry !== 'object' || entry.id === undefined) continue;
    const id = String(entry.id);
    if (id === selfId) continue;
    const streams = Array.isArray(entry.streams) ? (entry.streams as Array<Record<string, unknown>>) : [];
    const kinds = [...new Set(streams.filter((s) => s && !s.disabled && isKind(s.type)).map((s) => s.type as MediaKind))];
    published.push({ id, display: typeof entry.display === 'string' ? entry.display : '', kinds });
  }
  const gone: string[] = [];
  for (const value of [data.leaving, data.unpublished, data.kicked]) {
    if (value === undefined || value === null || value === 'ok') continue;
    const id = String(value);
    if (id !== selfId && !gone.includes(id)) gone.push(id);
  }
  return { published, gone };
}
