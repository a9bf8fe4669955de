import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import { warnAboutUnclaimedAdminEmails } from './unclaimed-admin-emails.ts';

describe('ADMIN_EMAILS without an account', () => {
  it('are named at start (whoever signs up with one becomes an operator); claimed ones are not', async () => {
    const storage = createMemoryStorage({
      users: [
        {
          id: 'u1',
          email: 'olga@example.com',
          name: 'Olga',
          passwordHash: 'x',
          createdAt: '',
          features: { recording: false, backgroundBlur: false },
        },
      ],
    });
    const warnings: string[] = [];
    await warnAboutUnclaimedAdminEmails({ adminEmails: ['olga@example.com', 'ops@example.org'] }, storage.users, (text) =>
      warnings.push(text),
    );
    expect(warnings).toEqual([
      expect.stringMatching(/ADMIN_EMAILS lists ops@example.org, which has no account yet: whoever signs up with it becomes an operator/),
    ]);
  });
});
