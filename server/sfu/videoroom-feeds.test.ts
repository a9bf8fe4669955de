import { describe, expect, it } from 'vitest';
import { feedChanges, publisherJoin, subscriberJoin } from './videoroom-feeds.ts';

describe('feedChanges', () => {
  it.each([
    {
      what: 'the join answer lists who publishes, with their kinds, never ourselves',
      data: {
        videoroom: 'joined',
        publishers: [
          { id: 'me', display: 'Me', streams: [{ type: 'audio', mid: '0' }] },
          {
            id: 'ada',
            display: 'Ada',
            streams: [
              { type: 'audio', mid: '0' },
              { type: 'video', mid: '1' },
            ],
          },
          {
            id: 'bob',
            display: 'Bob',
            streams: [
              { type: 'audio', mid: '0' },
              { type: 'video', mid: '1', disabled: true },
            ],
          },
        ],
      },
      published: [
        { id: 'ada', display: 'Ada', kinds: ['audio', 'video'] },
        { id: 'bob', display: 'Bob', kinds: ['audio'] },
      ],
      gone: [],
    },
    { what: 'a feed leaving', data: { videoroom: 'event', leaving: 'ada' }, published: [], gone: ['ada'] },
    { what: 'a feed unpublishing', data: { videoroom: 'event', unpublished: 'bob' }, published: [], gone: ['bob'] },
    { what: 'a feed kicked', data: { videoroom: 'event', kicked: 'bob' }, published: [], gone: ['bob'] },
    { what: 'our own unpublish answered', data: { videoroom: 'event', unpublished: 'ok' }, published: [], gone: [] },
    { what: 'ourselves leaving', data: { videoroom: 'event', leaving: 'me' }, published: [], gone: [] },
    {
      what: 'numeric ids as strings',
      data: { publishers: [{ id: 7, streams: [] }] },
      published: [{ id: '7', display: '', kinds: [] }],
      gone: [],
    },
    { what: 'junk', data: { publishers: 'nope', leaving: null }, published: [], gone: [] },
  ])('$what', ({ data, published, gone }) => {
    expect(feedChanges(data, 'me')).toEqual({ published, gone });
  });
});

describe('join requests', () => {
  it('a publisher joins the meeting room as its feed', () => {
    expect(publisherJoin('m1', 'p1', 'Ada')).toEqual({ request: 'join', ptype: 'publisher', room: 'm1', id: 'p1', display: 'Ada' });
  });
  it('a subscriber asks for one feed', () => {
    expect(subscriberJoin('m1', 'p2')).toEqual({ request: 'join', ptype: 'subscriber', room: 'm1', streams: [{ feed: 'p2' }] });
  });
});
