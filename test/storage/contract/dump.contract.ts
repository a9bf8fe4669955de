import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../server/storage/repositories.ts';
import {
  apiKey,
  at,
  chatMessage,
  type ContractContext,
  delivery,
  endpoint,
  invite,
  meeting,
  recording,
  session,
  user,
} from './fixtures.ts';

/** One of everything. */
async function fill(storage: Storage) {
  await storage.users.create(user('ada'));
  await storage.users.setFeatures({ id: 'user-ada' }, { recording: true }, { at: at(1), actor: 'ops', newId: () => 'line1' });
  await storage.sessions.create(session(1, 'user-ada'));
  await storage.meetings.create(meeting(1, 'user-ada', { waitingRoom: true }));
  await storage.meetings.setDialInPin('meeting-1', '0000000001', null);
  await storage.invites.create(invite(1, 'meeting-1'));
  await storage.recordings.create(recording(1, 'meeting-1', 'user-ada'));
  await storage.apiKeys.create(apiKey(1, 'user-ada'));
  await storage.webhooks.createEndpoint(endpoint(1, 'user-ada'));
  await storage.webhooks.enqueue(delivery(1, 'endpoint-1'));
  await storage.chat.append(chatMessage('meeting-1', 'hi'));
  await storage.chat.append(chatMessage('meeting-1', 'note', { audience: 'host', kind: 'bot' }));
}

export function dumpContract(ctx: ContractContext) {
  describe('everything stored', () => {
    it('comes out of dump(), every kind of record (the rate counters excepted)', async () => {
      const storage = await ctx.open();
      expect(await storage.dump()).toEqual({
        users: [],
        sessions: [],
        meetings: [],
        invites: [],
        recordings: [],
        audit: [],
        apiKeys: [],
        webhookEndpoints: [],
        webhookDeliveries: [],
        chat: {},
      });
      await fill(storage);
      const dump = await storage.dump();
      expect(dump.users).toEqual([user('ada', { features: { backgroundBlur: false, recording: true } })]);
      expect(dump.sessions).toEqual([session(1, 'user-ada')]);
      expect(dump.meetings).toEqual([meeting(1, 'user-ada', { waitingRoom: true, dialInPin: '0000000001' })]);
      expect(dump.invites).toEqual([invite(1, 'meeting-1')]);
      expect(dump.recordings).toEqual([recording(1, 'meeting-1', 'user-ada')]);
      expect(dump.audit.map((a) => a.id)).toEqual(['line1']);
      expect(dump.apiKeys).toEqual([apiKey(1, 'user-ada')]);
      expect(dump.webhookEndpoints).toEqual([endpoint(1, 'user-ada')]);
      expect(dump.webhookDeliveries).toEqual([delivery(1, 'endpoint-1')]);
      expect(Object.keys(dump.chat)).toEqual(['meeting-1']);
      expect(dump.chat['meeting-1']!.map((m) => [m.seq, m.text])).toEqual([
        [1, 'hi'],
        [2, 'note'],
      ]);
    });

    describe.each(ctx.reopen ? [ctx.reopen] : [])('after a restart', (reopen) => {
      it('is all still there, and numbering goes on', async () => {
        const storage = await ctx.open();
        await fill(storage);
        const before = await storage.dump();
        const again = await reopen(storage);
        expect(await again.dump()).toEqual(before);
        expect((await again.chat.append(chatMessage('meeting-1', 'after'))).seq).toBe(3);
        expect(await again.meetings.setDialInPin('meeting-1', '0000000002', null)).toBe('changed');
      });
    });
  });
}
