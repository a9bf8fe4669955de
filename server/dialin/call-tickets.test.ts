import { describe, expect, it } from 'vitest';
import { createTicketBook } from './call-tickets.ts';

describe('call tickets', () => {
  const ticket = { meetingId: 'M', callSid: 'CA1', caller: '+1555' };

  it('are redeemed once, by the call they were issued to', () => {
    const book = createTicketBook();
    const secret = book.issue(ticket)!;
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(book.redeem(secret, 'CA2')).toBeNull();
    expect(book.redeem('made-up', 'CA1')).toBeNull();
    expect(book.redeem(secret, 'CA1')).toEqual(ticket);
    expect(book.redeem(secret, 'CA1')).toBeNull();
  });

  it('give a replayed PIN webhook the same ticket while unused, and none once used', () => {
    const book = createTicketBook();
    const first = book.issue(ticket)!;
    expect(book.issue(ticket)).toBe(first);
    expect(book.issue({ ...ticket, meetingId: 'other' })).toBeNull();
    expect(book.redeem(first, 'CA1')).toEqual(ticket);
    expect(book.issue(ticket)).toBeNull();
    expect(book.size()).toBe(1);
  });

  it('expire, unused or used', () => {
    let now = 0;
    const book = createTicketBook({ ttlMs: 1000, usedTtlMs: 5000, now: () => now });
    const secret = book.issue(ticket)!;
    now = 1000;
    expect(book.redeem(secret, 'CA1')).toBeNull();
    const again = book.issue(ticket)!;
    expect(book.redeem(again, 'CA1')).not.toBeNull();
    now = 6000;
    book.issue({ ...ticket, callSid: 'CA9' });
    expect(book.size()).toBe(1);
  });
});

describe('call tickets signed with a cluster secret', () => {
  const ticket = { meetingId: 'M', callSid: 'CA1', caller: '+1555' };
  const secret = 'a cluster secret of at least 32 characters';

  it('are redeemed once on another node sharing the secret, by their call, before they expire', () => {
    let now = 1_000;
    const issuer = createTicketBook({ secret, now: () => now });
    const token = issuer.issue(ticket)!;
    const other = createTicketBook({ secret, now: () => now });
    expect(other.redeem(token, 'CA2')).toBeNull();
    expect(createTicketBook({ secret: `${secret}!`, now: () => now }).redeem(token, 'CA1')).toBeNull();
    expect(other.redeem(token, 'CA1')).toEqual(ticket);
    expect(other.redeem(token, 'CA1')).toBeNull();
    now += 60_000;
    expect(createTicketBook({ secret, now: () => now }).redeem(token, 'CA1')).toBeNull();
  });
});
