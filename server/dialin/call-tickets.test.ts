import { describe, expect, it } from 'vitest';
import { createTicketBook } from './call-tickets';

describe('call tickets', () => {
  const ticket = { meetingId: 'M', callSid: 'CA1', caller: '+1555' };

  it('are redeemed once, by the call they were issued to', () => {
    const book = createTicketBook();
    const secret = book.issue(ticket);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(book.redeem(secret, 'CA1')).toEqual(ticket);
    expect(book.redeem(secret, 'CA1')).toBeNull();
    const other = book.issue(ticket);
    expect(book.redeem(other, 'CA2')).toBeNull();
    expect(book.redeem('made-up', 'CA1')).toBeNull();
  });

  it('expire', () => {
    let now = 0;
    const book = createTicketBook({ ttlMs: 1000, now: () => now });
    const secret = book.issue(ticket);
    now = 1000;
    expect(book.redeem(secret, 'CA1')).toBeNull();
  });
});
