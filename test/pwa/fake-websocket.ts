/**
 * Test double (tests only): the browser's WebSocket, with the test playing the server.
 * `createFakeWebSockets()` gives a class to inject and the list of sockets it made; each
 * socket is opened, fed frames and closed by hand. Like the browser's: `send` throws while
 * connecting, a close reaches `onclose` once and a little later (a microtask here), and a
 * socket closed by the page reports 1005 (no code) unless it named one.
 */
export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  readonly url: string;
  readyState = FakeWebSocket.CONNECTING;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** Text frames the page sent, in order. */
  readonly sent: string[] = [];
  /** How the page closed it, if it did. */
  closedByPage: { code?: number; reason?: string } | null = null;

  constructor(url: string) {
    this.url = url;
  }

  send(text: string) {
    if (this.readyState === FakeWebSocket.CONNECTING) throw new Error('InvalidStateError: still connecting');
    if (this.readyState !== FakeWebSocket.OPEN) return; // the browser drops frames after close
    this.sent.push(text);
  }

  close(code?: number, reason?: string) {
    if (this.readyState >= FakeWebSocket.CLOSING) return;
    this.closedByPage = { code, reason };
    this.readyState = FakeWebSocket.CLOSING;
    queueMicrotask(() => this.finish(code ?? 1005, reason ?? ''));
  }

  // ---- the server's side ----

  /** The server accepted the connection. */
  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.(new Event('open'));
  }

  /** A frame from the server: an object goes as JSON text, a string as it is. */
  receive(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame) });
  }

  /** The server (or the network) closed it. 1006: dropped without a close frame. */
  serverClose(code = 1006, reason = '') {
    this.finish(code, reason);
  }

  /** The frames the page sent, parsed. */
  messages(): { type: string; [key: string]: unknown }[] {
    return this.sent.map((text) => JSON.parse(text));
  }

  private reported = false;
  private finish(code: number, reason: string) {
    this.readyState = FakeWebSocket.CLOSED;
    if (this.reported) return;
    this.reported = true;
    this.onclose?.({ code, reason });
  }
}

/** A fresh WebSocket class per test, and every socket it made (newest last). */
export function createFakeWebSockets() {
  const sockets: FakeWebSocket[] = [];
  class Socket extends FakeWebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Socket as unknown as typeof WebSocket,
    sockets,
    /** The socket made last (the one the page uses now). */
    last(): FakeWebSocket {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
}
