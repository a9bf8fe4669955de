import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/server/test-app.ts';

const valid = { title: 'Mortgage advice', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 45 };

describe('meetings API', () => {
  it('creates, gets and lists meetings', async () => {
    const { json: raw, signUp } = createTestApp();
    const { headers } = await signUp();
    const json = (m: string, p: string, b?: unknown) => raw(m, p, b, headers);
    const created = await json('POST', '/api/meetings', valid);
    expect(created.status).toBe(201);
    const meeting = await created.json();
    expect(meeting).toMatchObject({ title: 'Mortgage advice', durationMinutes: 45, startsAt: '2026-12-01T09:00:00.000Z' });
    expect(meeting.id).toMatch(/^[A-Za-z0-9]{22}$/);

    const got = await json('GET', `/api/meetings/${meeting.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(meeting);

    const list = await (await json('GET', '/api/meetings')).json();
    expect(list.meetings).toEqual([meeting]);
  });

  it.each([
    ['missing title', { startsAt: valid.startsAt, durationMinutes: 30 }, /title/],
    ['empty title', { ...valid, title: '   ' }, /title must not be empty/],
    ['bad date', { ...valid, startsAt: 'tomorrow' }, /startsAt/],
    ['negative duration', { ...valid, durationMinutes: -5 }, /durationMinutes/],
    ['fractional duration', { ...valid, durationMinutes: 1.5 }, /whole number/],
    ['unknown field', { ...valid, admin: true }, /admin/],
    ['array body', [valid], /body/],
    ['title too long', { ...valid, title: 'x'.repeat(201) }, /at most 200/],
  ])('rejects %s with 400 and stores nothing', async (_name, body, message) => {
    const { json, storage, signUp } = createTestApp();
    const { headers } = await signUp();
    const res = await json('POST', '/api/meetings', body, headers);
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.error.code).toBe('validation_failed');
    expect(error.error.message).toMatch(message);
    expect((await storage.dump()).meetings).toEqual([]);
  });

  it('answers malformed JSON with 400', async () => {
    const { json, signUp } = createTestApp();
    const { headers } = await signUp();
    const res = await json('POST', '/api/meetings', '{"title": ', headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('answers an oversized body with 413', async () => {
    const { json, signUp } = createTestApp();
    const { headers } = await signUp();
    const res = await json('POST', '/api/meetings', { ...valid, title: 'x'.repeat(100_000) }, headers);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('answers unknown meetings and routes with 404 JSON', async () => {
    const { json, signUp } = createTestApp();
    const { headers } = await signUp();
    for (const path of ['/api/meetings/AAAAAAAAAAAAAAAAAAAAAA', '/api/meetings/..%2F..%2Fetc', '/api/nothing-here']) {
      const res = await json('GET', path, undefined, headers);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('updates and deletes', async () => {
    const { json: raw, signUp } = createTestApp();
    const { headers } = await signUp();
    const json = (m: string, p: string, b?: unknown) => raw(m, p, b, headers);
    const meeting = await (await json('POST', '/api/meetings', valid)).json();
    const patched = await json('PATCH', `/api/meetings/${meeting.id}`, { title: 'Renamed' });
    expect((await patched.json()).title).toBe('Renamed');
    expect((await json('DELETE', `/api/meetings/${meeting.id}`)).status).toBe(204);
    expect((await json('GET', `/api/meetings/${meeting.id}`)).status).toBe(404);
  });

  it('keeps each user to their own meetings', async () => {
    const { json, signUp, createMeeting } = createTestApp();
    const alice = await signUp('alice@example.com', 'Alice');
    const bob = await signUp('bob@example.com', 'Bob');
    const mine = await createMeeting(alice.headers, 'Alice meeting');
    await createMeeting(bob.headers, 'Bob meeting');
    const list = await (await json('GET', '/api/meetings', undefined, alice.headers)).json();
    expect(list.meetings.map((m: { title: string }) => m.title)).toEqual(['Alice meeting']);
    expect((await json('GET', `/api/meetings/${mine.id}`, undefined, bob.headers)).status).toBe(403);
    expect((await json('PATCH', `/api/meetings/${mine.id}`, { title: 'x' }, bob.headers)).status).toBe(403);
    expect((await json('DELETE', `/api/meetings/${mine.id}`, undefined, bob.headers)).status).toBe(403);
    expect((await json('GET', '/api/meetings')).status).toBe(401);
    expect((await json('POST', '/api/meetings', valid)).status).toBe(401);
  });
});
