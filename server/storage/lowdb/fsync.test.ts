import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PROBE = new URL('../../../test/storage/fsync-probe.ts', import.meta.url).pathname;

/**
 * The system calls behind one account (db.json) and two chat messages (JSON Lines), watched with
 * strace (Debian's `strace`; .ci/run installs it): nothing is acknowledged before it is fsync'd.
 */
describe('durable writes in the lowdb mode', () => {
  it('fsyncs db.json before the rename and the folder after it, and each chat line before its answer', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fsync-'));
    const log = path.join(dir, 'strace.log');
    const data = path.join(dir, 'data');
    try {
      await run('strace', ['-f', '-y', '-e', 'trace=write,fsync,fdatasync,rename', '-o', log, process.execPath, PROBE, data]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error("strace is not installed: install Debian's strace");
      throw error;
    }
    const calls = (await readFile(log, 'utf8')).split('\n').map((l) => l.replace(/^\d+\s+/, ''));
    const first = (pattern: RegExp, after = -1) => {
      const index = calls.findIndex((line, i) => i > after && pattern.test(line));
      expect(index, `${pattern} after line ${after}`).toBeGreaterThan(after);
      return index;
    };
    const tmpWrite = first(/^write\(\d+<[^>]*\/\.db\.json\.tmp>/);
    const tmpSync = first(/^fsync\(\d+<[^>]*\/\.db\.json\.tmp>/, tmpWrite);
    const renamed = first(/^rename\("[^"]*\/\.db\.json\.tmp", "[^"]*\/db\.json"\)/, tmpSync);
    const folderSync = first(new RegExp(`^fsync\\(\\d+<${data}>`), renamed);
    const ackUser = first(/^write\(1<[^>]*>, "ACK-USER/, folderSync);
    // The chat file is new: its folder entry is made durable too, before the first answer.
    first(new RegExp(`^fsync\\(\\d+<${data}/chat>`), ackUser);
    let after = ackUser;
    for (const text of ['first', 'second']) {
      // strace shows a write's first 32 bytes: the line starts with its id.
      const line = first(new RegExp(`^write\\(\\d+<[^>]*/chat/MeetingAAAA\\.jsonl>, "\\{\\\\"id\\\\":\\\\"${text}\\\\"`), after);
      const synced = first(/^fdatasync\(\d+<[^>]*\/chat\/MeetingAAAA\.jsonl>/, line);
      after = first(new RegExp(`^write\\(1<[^>]*>, "ACK-CHAT-${text}`), synced);
    }
  }, 30_000);
});
