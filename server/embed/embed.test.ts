import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { EMBED_IFRAME_ALLOW, EMBED_ORIGINS_MAX } from '../../shared/api/embedding.ts';
import { builtPwa } from '../../test/server/built-pwa.ts';
import { createTestApp } from '../../test/server/test-app.ts';

/** An app serving a stand-in for the built PWA (an index.html), with a host, a meeting, and another account's meeting. */
async function world() {
  const t = createTestApp({ pwaDir: builtPwa() });
  const host = await t.signUp('host@example.com');
  const other = await t.signUp('other@example.com', 'Olaf Other');
  const meeting = await t.createMeeting(host.headers);
  const theirs = await t.createMeeting(other.headers);
  const page = async (p: string) => {
    const res = await t.app.request(p, { headers: { accept: 'text/html' } });
    return { status: res.status, csp: res.headers.get('content-security-policy') ?? '', xfo: res.headers.get('x-frame-options') };
  };
  const ancestors = (csp: string) => /frame-ancestors ([^;]*)/.exec(csp)?.[1];
  return { ...t, host, other, meeting, theirs, page, ancestors };
}

describe('embedding a meeting in another site', () => {
  it('is refused to every site while the account lists none', async () => {
    const t = await world();
    const res = await t.page(`/m/${t.meeting.id}`);
    expect(res.status).toBe(200);
    expect(t.ancestors(res.csp)).toBe("'none'");
    expect(res.xfo).toBe('DENY');
  });

  it("lets the origins the account lists frame its meetings' pages, and nothing else", async () => {
    const t = await world();
    const set = await t.json(
      'PUT',
      '/api/auth/embedding',
      { origins: ['https://crm.example.com', 'http://localhost:8080'] },
      t.host.headers,
    );
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ origins: ['https://crm.example.com', 'http://localhost:8080'] });
    expect(await (await t.json('GET', '/api/auth/embedding', undefined, t.host.headers)).json()).toEqual({
      origins: ['https://crm.example.com', 'http://localhost:8080'],
    });
    const framable = await t.page(`/m/${t.meeting.id}?invite=abc`);
    expect(t.ancestors(framable.csp)).toBe('https://crm.example.com http://localhost:8080');
    expect(framable.xfo).toBeNull();
    expect(framable.csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    // The rest stays as it was: other pages, another account's meeting, an unknown one.
    for (const other of ['/', '/meetings', `/m/${t.theirs.id}`, '/m/UnknownMeetingId123', '/m/%zz']) {
      const res = await t.page(other);
      expect(t.ancestors(res.csp), other).toBe("'none'");
      expect(res.xfo, other).toBe('DENY');
    }
    // Cleared again: refused again.
    await t.json('PUT', '/api/auth/embedding', { origins: [] }, t.host.headers);
    expect(t.ancestors((await t.page(`/m/${t.meeting.id}`)).csp)).toBe("'none'");
  });

  it.each([
    [{ origins: ['https://crm.example.com/'] }, /no path, no trailing slash/],
    [{ origins: ['https://crm.example.com/app'] }, /no path/],
    [{ origins: ['ftp://crm.example.com'] }, /an origin is a scheme/],
    [{ origins: ['*'] }, /an origin is a scheme/],
    [{ origins: ["'self' https://a.example"] }, /an origin is a scheme/],
    [{ origins: ['https://a.example', 'https://a.example'] }, /must not repeat/],
    [{ origins: Array.from({ length: EMBED_ORIGINS_MAX + 1 }, (_, i) => `https://s${i}.example`) }, /at most 10 origins/],
    [{}, /origins/],
  ])('refuses %j with a 400 that says why, changing nothing', async (body, message) => {
    const t = await world();
    const res = await t.json('PUT', '/api/auth/embedding', body, t.host.headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
    expect((await t.storage.users.byId(t.host.user.id))?.embedOrigins).toBeUndefined();
  });

  it("is the signed-in user's own setting: signed out 401, another site's cookie request 403", async () => {
    const t = await world();
    expect((await t.json('GET', '/api/auth/embedding')).status).toBe(401);
    expect((await t.json('PUT', '/api/auth/embedding', { origins: ['https://a.example'] })).status).toBe(401);
    const forged = await t.json(
      'PUT',
      '/api/auth/embedding',
      { origins: ['https://evil.example'] },
      { ...t.host.headers, 'sec-fetch-site': 'cross-site' },
    );
    expect(forged.status).toBe(403);
    expect((await t.storage.users.byId(t.host.user.id))?.embedOrigins).toBeUndefined();
  });

  it('serves /embed.js to other sites, giving the iframe camera, microphone and screen capture', async () => {
    const t = await world();
    const res = await t.app.request('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await res.text();
    expect(script).toContain(JSON.stringify(EMBED_IFRAME_ALLOW));
    expect(EMBED_IFRAME_ALLOW).toMatch(/camera.*microphone.*display-capture/);
    expect(() => new Function(script)).not.toThrow();
  });

  it('/embed.js puts each meeting link of the page into an iframe, and refuses links to other servers', async () => {
    const t = await world();
    const script = await (await t.app.request('/embed.js')).text();
    const window = new Window({ url: 'https://crm.example.com/customers/42' });
    const { document } = window;
    document.body.innerHTML = `<div id="a" data-meeting-room="http://localhost:3000/m/${t.meeting.id}?invite=tok"></div><div id="b"></div>`;
    Object.defineProperty(document, 'currentScript', { value: { src: 'http://localhost:3000/embed.js' } });
    new Function('window', 'document', script)(window, document);
    const iframe = document.querySelector('#a iframe')!;
    expect(iframe.getAttribute('src')).toBe(`http://localhost:3000/m/${t.meeting.id}?invite=tok`);
    expect(iframe.getAttribute('allow')).toBe(EMBED_IFRAME_ALLOW);
    const api = (window as unknown as { MeetingRoom: { embed(target: string, link: string): unknown } }).MeetingRoom;
    expect(() => api.embed('#b', 'https://elsewhere.example/m/abc')).toThrow(/is not http:\/\/localhost:3000/);
    expect(() => api.embed('#b', '/meetings')).toThrow(/not a meeting link/);
    api.embed('#b', `/m/${t.theirs.id}`);
    expect(document.querySelector('#b iframe')!.getAttribute('src')).toBe(`http://localhost:3000/m/${t.theirs.id}`);
    await window.happyDOM.close();
  });
});
