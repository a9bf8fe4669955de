import type { ChatPageQuery } from '../repositories.ts';

/** One meeting's messages as a page is chosen from: their numbers, in order, and which are for the host only. */
export interface ChatIndex {
  count: number;
  seqAt(position: number): number;
  hostOnlyAt(position: number): boolean;
}

/**
 * Which messages make a page (their positions, oldest first): the newest `limit` the reader may
 * see before `before`, and whether the reader may see any earlier one.
 */
export function pagePositions(index: ChatIndex, query: ChatPageQuery): { positions: number[]; hasEarlier: boolean } {
  const visible = (i: number) => query.includeHostOnly || !index.hostOnlyAt(i);
  let i = (query.before === undefined ? index.count : firstAtOrAfter(index, query.before)) - 1;
  const positions: number[] = [];
  for (; i >= 0 && positions.length < query.limit; i--) if (visible(i)) positions.push(i);
  let hasEarlier = false;
  for (; i >= 0 && !hasEarlier; i--) hasEarlier = visible(i);
  return { positions: positions.reverse(), hasEarlier };
}

/** The position of the first message numbered `seq` or later (messages are in `seq` order). */
function firstAtOrAfter(index: ChatIndex, seq: number): number {
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.seqAt(mid) < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
