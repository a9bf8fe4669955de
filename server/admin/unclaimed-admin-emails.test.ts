import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/store.ts';
import { emptyStoreData } from '../store/store-data.ts';
import { warnAboutUnclaimedAdminEmails } from './unclaimed-admin-emails.ts';

describe('ADMIN_EMAILS without an account', () => {
  it('are named at start (whoever signs up with one becomes an operator); claimed ones are not', () => {
    const store = createMemoryStore({
      ...emptyStoreData(),
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
    warnAboutUnclaimedAdminEmails({ adminEmails: ['olga@example.com', 'ops@example.org'] }, store, (text) => warnings.push(text));
    expect(warnings).toEqual([
      expect.stringMatching(/ADMIN_EMAILS lists ops@example.org, which has no account yet: whoever signs up with it becomes an operator/),
    ]);
  });
});
