/**
 * How a meeting's media travels: peer to peer (`mesh`) or through Janus (`sfu`). Apart from the
 * room's events that carry it, so the page's SFU code (loaded when a meeting first moves) does not
 * bring the events' schemas along.
 */
export const MediaMode = { Mesh: 'mesh', Sfu: 'sfu' } as const;
export type MediaMode = (typeof MediaMode)[keyof typeof MediaMode];
