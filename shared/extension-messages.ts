import * as v from 'valibot';

/**
 * What a room page and the browser extension say to each other (Chrome `externally_connectable`).
 *
 * 1. The extension's room-bridge content script marks the room page with its id
 *    (`<html data-meeting-room-extension="<id>">`, then the `meeting-room-extension` event).
 * 2. The page says `hello` (one-shot `chrome.runtime.sendMessage(id, …)`); the extension answers `hello`
 *    (this also proves that the page's origin is one the extension lets talk to it).
 * 3. To share a tab the page opens a port named `tab-share` and sends `tab-share/request`. The extension
 *    answers `tab-share/waiting` at once; the user then goes to the tab to share and clicks the
 *    extension's icon ("Share this tab"): that click is the gesture `chrome.tabCapture` needs. The
 *    extension sends `tab-share/granted` with a stream id for the page's tab, or `tab-share/cancelled`.
 *    While it waits, the page sends `keepalive` every 20 s (a message keeps the extension's service
 *    worker awake); closing the port withdraws the request.
 */
export const EXTENSION_PROTOCOL_VERSION = 1;

export { EXTENSION_ID_ATTRIBUTE, EXTENSION_READY_EVENT } from './extension-marker.ts';
/** Name of the port a room page opens for tab sharing. */
export const TAB_SHARE_PORT = 'tab-share';
export const TAB_SHARE_KEEPALIVE_MS = 20_000;
/** A request nobody answered is withdrawn after this. */
export const TAB_SHARE_WAIT_MS = 5 * 60_000;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const picklistOf = <T extends string>(o: Record<string, T>) => v.picklist(Object.values(o) as [T, ...T[]]);

// ---------- one-shot: detection ----------

export const PageHelloSchema = v.object({ type: v.literal('hello'), protocol: v.number() });
export type PageHello = v.InferOutput<typeof PageHelloSchema>;

export const ExtensionHelloSchema = v.object({
  type: v.literal('hello'),
  protocol: v.number(),
  extensionVersion: Text(40),
  /** Whether the extension is signed in to an account (it does not need to be for sharing). */
  signedIn: v.boolean(),
});
export type ExtensionHello = v.InferOutput<typeof ExtensionHelloSchema>;

// ---------- the `tab-share` port: page → extension ----------

export const TabSharePageMessageSchema = v.variant('type', [
  v.object({ type: v.literal('tab-share/request'), roomTitle: v.optional(Text(200)) }),
  v.object({ type: v.literal('tab-share/cancel') }),
  v.object({ type: v.literal('keepalive') }),
]);
export type TabSharePageMessage = v.InferOutput<typeof TabSharePageMessageSchema>;

// ---------- the `tab-share` port: extension → page ----------

export const TabShareCancelReason = {
  /** The user pressed Cancel in the extension. */
  User: 'user',
  /** Another room tab asked after this one. */
  Replaced: 'replaced',
  /** Nobody picked a tab in time. */
  Timeout: 'timeout',
} as const;
export type TabShareCancelReason = (typeof TabShareCancelReason)[keyof typeof TabShareCancelReason];

export const ExtensionErrorCode = {
  BadMessage: 'bad_message',
} as const;
export type ExtensionErrorCode = (typeof ExtensionErrorCode)[keyof typeof ExtensionErrorCode];

export const TabShareExtensionMessageSchema = v.variant('type', [
  v.object({ type: v.literal('tab-share/waiting'), instructions: Text(500) }),
  v.object({
    type: v.literal('tab-share/granted'),
    streamId: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
    tab: v.object({ title: Text(500) }),
  }),
  v.object({ type: v.literal('tab-share/cancelled'), reason: picklistOf(TabShareCancelReason) }),
  v.object({ type: v.literal('error'), code: picklistOf(ExtensionErrorCode), message: Text(500) }),
]);
export type TabShareExtensionMessage = v.InferOutput<typeof TabShareExtensionMessageSchema>;
