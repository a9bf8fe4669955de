import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInviteIcs } from './invite-email.ts';
import { createMailer } from './mailer.ts';

describe('the outbox mailer', () => {
  it('writes every message of a burst to its own file, named after the recipient', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    const mailer = createMailer({ smtpUrl: null, mailFrom: 'Meeting room <no-reply@localhost>', dataDir }, () => undefined);
    const sent = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        mailer.send({ to: { name: `Guest ${i}`, address: `guest${i}@example.org` }, subject: `s${i}`, text: `t${i}` }),
      ),
    );
    const files = await readdir(path.join(dataDir, 'outbox'));
    expect(files).toHaveLength(12);
    expect(new Set(sent.map((s) => s.id)).size).toBe(12);
    for (let i = 0; i < 12; i++) expect(files.some((f) => f.endsWith(`-guest${i}@example.org.eml`))).toBe(true);
    expect(files.join()).not.toContain('object');
    const bodies = await Promise.all(files.map((f) => readFile(path.join(dataDir, 'outbox', f), 'utf8')));
    expect(bodies.filter((b) => /Subject: s\d+/.test(b))).toHaveLength(12);
  });
});

describe('the invitation calendar entry', () => {
  it('keeps names with double quotes inside their CN parameter', () => {
    const ics = buildInviteIcs({
      guestName: 'Gus "The Guest" Gray',
      guestEmail: 'gus@example.org',
      hostName: 'Hanna "H" Host',
      hostEmail: 'hanna@example.org',
      title: 'Mortgage',
      startsAt: new Date('2026-12-01T09:00:00Z'),
      durationMinutes: 30,
      timeZone: null,
      joinUrl: 'https://meet.example.org/m/abc?invite=x',
      uid: 'uid-1',
    });
    const unfolded = ics.replace(/\r?\n[ \t]/g, '');
    const attendee = unfolded.split(/\r?\n/).find((l) => l.startsWith('ATTENDEE'))!;
    const organizer = unfolded.split(/\r?\n/).find((l) => l.startsWith('ORGANIZER'))!;
    // One quoted value, ended by the quote before the colon: no quote inside it.
    expect(attendee).toMatch(/;CN="Gus ”The Guest” Gray"[;:]/);
    expect(organizer).toMatch(/^ORGANIZER;CN="Hanna ”H” Host":/);
  });
});
