// Run under strace by server/storage/lowdb/fsync.test.ts: one account and one chat message written
// through the lowdb storage, each acknowledged on stdout once its promise resolved.
import { openLowdbStorage } from '../../server/storage/lowdb/lowdb-storage.ts';

const dataDir = process.argv[2]!;
const storage = await openLowdbStorage(dataDir);
await storage.users.create({
  id: 'u1',
  email: 'ada@example.com',
  name: 'Ada',
  passwordHash: 'scrypt$x',
  createdAt: new Date(0).toISOString(),
  features: { backgroundBlur: false, recording: false },
});
process.stdout.write('ACK-USER\n');
for (const text of ['first', 'second']) {
  await storage.chat.append({
    id: text,
    meetingId: 'MeetingAAAA',
    kind: 'text',
    senderId: 's',
    senderName: 'S',
    text,
    audience: 'all',
    createdAt: new Date(0).toISOString(),
  });
  process.stdout.write(`ACK-CHAT-${text}\n`);
}
await storage.close();
