import type { Page } from 'puppeteer-core';

/**
 * What the benchmarks measure inside a page, installed from outside before the page loads: the
 * app ships none of it. Marks are User Timing entries the bench reads back with
 * `performance.getEntriesByName`.
 */

/**
 * `join:enabled` when Join can first be pressed, `join:click` when it is pressed,
 * `call:first-remote-frame` at the first frame of any remote video.
 */
export async function installJoinProbe(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element | null)?.closest?.('[data-action=join]')) {
          performance.clearMarks('join:click');
          performance.mark('join:click');
        }
      },
      true,
    );
    // The probe's observers let go once they have marked: measuring must not weigh on the page
    // measured (every attribute the room changes would call them otherwise).
    const enabledWatch = new MutationObserver(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-action=join]');
      if (!button || button.disabled) return;
      enabledWatch.disconnect();
      performance.mark('join:enabled');
    });
    enabledWatch.observe(document, { subtree: true, childList: true, attributes: true });
    let marked = false;
    const watch = (video: HTMLVideoElement) => {
      const mark = () => {
        if (marked) return;
        marked = true;
        videoWatch.disconnect();
        performance.mark('call:first-remote-frame');
      };
      if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(mark);
      else video.addEventListener('loadeddata', mark, { once: true });
    };
    const seen = new WeakSet<Element>();
    const videoWatch = new MutationObserver(() => {
      for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-remote]')) {
        if (seen.has(video)) continue;
        seen.add(video);
        watch(video);
      }
    });
    videoWatch.observe(document, { subtree: true, childList: true });
  });
}

/** A place for the app's diagnostics (pwa/src/app/diagnostics.ts): the blur pipeline's state and timings. */
export async function installDiagnostics(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    (window as unknown as Record<string, unknown>).__meetingRoomDiagnostics = {};
  });
}

/**
 * A person's click the moment a button is enabled, set up before the page loads: the page watches
 * the button (a MutationObserver, from the document's start) and, once it is enabled, learns its box
 * from an IntersectionObserver (computed with the next frame's own layout: no layout forced, no
 * script of the harness's in the page's frame), calls out with its centre through a raw DevTools
 * binding, and one trusted press and release are sent there through DevTools' input pipeline, as
 * the OS would send them; this can happen before the page's load event. Puppeteer's
 * `waitForSelector` + `ElementHandle.click()` starts only after `goto` has seen the load event, then
 * takes six or more DevTools round trips (the node, scrolling it into view, its box, a move, a
 * press, a release), each waiting on the busy renderer: the harness's own latency, which no guest
 * has. (Until 2026-12-01's ninth session the box was read in a requestAnimationFrame callback and
 * sent through puppeteer's `exposeFunction`: a profile put 40–70 ms of the page's main thread in
 * that callback.) Resolves once the press has been handled.
 */
export async function pressWhenEnabled(page: Page, selector: string): Promise<() => Promise<void>> {
  const cdp = await page.createCDPSession();
  const BINDING = '__benchPress';
  const point = new Promise<{ x: number; y: number }>((resolve) => {
    cdp.on('Runtime.bindingCalled', (event) => {
      if (event.name === BINDING) resolve(JSON.parse(event.payload) as { x: number; y: number });
    });
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: BINDING });
  await page.evaluateOnNewDocument(
    (sel: string, binding: string) => {
      let watching = false;
      const observer = new MutationObserver(() => {
        const button = document.querySelector<HTMLButtonElement>(sel);
        if (watching || !button || button.disabled) return;
        watching = true;
        const boxes = new IntersectionObserver(([entry]) => {
          boxes.disconnect();
          const box = entry!.boundingClientRect;
          if (button.disabled || !button.isConnected || box.width === 0 || box.bottom > innerHeight || box.right > innerWidth) {
            watching = false;
            return;
          }
          observer.disconnect();
          (window as unknown as Record<string, (payload: string) => void>)[binding]!(
            JSON.stringify({ x: box.x + box.width / 2, y: box.y + box.height / 2 }),
          );
        });
        boxes.observe(button);
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true });
    },
    selector,
    BINDING,
  );
  const pressed = point.then(async ({ x, y }) => {
    const press = { x, y, button: 'left', clickCount: 1 } as const;
    await Promise.all([
      cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...press }),
      cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...press }),
    ]);
    await cdp.detach();
  });
  pressed.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${selector} was never enabled`)), 30_000);
  });
  return () => Promise.race([pressed, timeout]).finally(() => clearTimeout(timer));
}

/**
 * User Timing marks, each named `${who}` and the step, for a page's call: its peer connections
 * (made, connection state, candidates, remote tracks, descriptions set and done), its sockets (made,
 * open, the type of each message in and out) and, with `requests`, its fetches. For the tools that
 * read a join step by step (join-timeline.ts, join-both-sides.ts).
 */
export async function installCallSteps(page: Page, who = '', { requests = false } = {}): Promise<void> {
  await page.evaluateOnNewDocument(
    (who: string, requests: boolean) => {
      const mark = (what: string) => performance.mark(`${who}${what}`);
      const typeOf = (data: unknown) => (typeof data === 'string' ? (data.match(/"type":"([^"]+)"/)?.[1] ?? '') : '');
      const PC = window.RTCPeerConnection;
      let pcs = 0;
      window.RTCPeerConnection = class extends PC {
        constructor(config?: RTCConfiguration) {
          super(config);
          const i = pcs++;
          mark(`pc${i} created`);
          this.addEventListener('connectionstatechange', () => mark(`pc${i} ${this.connectionState}`));
          this.addEventListener('icecandidate', (e) => mark(`pc${i} candidate ${e.candidate?.type ?? 'end'}`));
          this.addEventListener('track', (e) => mark(`pc${i} track ${e.track.kind}`));
        }
        override async setLocalDescription(d?: RTCLocalSessionDescriptionInit) {
          mark(`setLocal ${d?.type ?? ''}`);
          await super.setLocalDescription(d);
          mark('setLocal done');
        }
        override async setRemoteDescription(d: RTCSessionDescriptionInit) {
          mark(`setRemote ${d.type}`);
          await super.setRemoteDescription(d);
          mark('setRemote done');
        }
      } as typeof RTCPeerConnection;
      const WS = window.WebSocket;
      window.WebSocket = class extends WS {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          const name = /\/peerjs\//.test(String(url)) ? 'peerjs' : 'room';
          mark(`ws ${name} new`);
          this.addEventListener('open', () => mark(`ws ${name} open`));
          this.addEventListener('message', (m) => mark(`ws ${name} ← ${typeOf(m.data)}`));
        }
        override send(data: string) {
          mark(`ws → ${typeOf(data)}`);
          super.send(data);
        }
      } as typeof WebSocket;
      if (!requests) return;
      const fetchOf = window.fetch;
      window.fetch = async (...args: Parameters<typeof fetch>) => {
        const path = String(args[0] instanceof Request ? args[0].url : args[0]).replace(/^https?:\/\/[^/]+/, '');
        mark(`fetch ${path}`);
        try {
          return await fetchOf(...args);
        } finally {
          mark(`fetch done ${path}`);
        }
      };
    },
    who,
    requests,
  );
}
