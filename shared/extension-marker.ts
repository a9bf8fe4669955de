/**
 * How the browser extension marks a room page (the rest of the protocol: extension-messages.ts,
 * which a room page loads only when it shares a tab through the extension).
 */
/** The attribute on `<html>` that carries the extension's id on a room page. */
export const EXTENSION_ID_ATTRIBUTE = 'data-meeting-room-extension';
/** Fired on `window` when the extension marked the page. */
export const EXTENSION_READY_EVENT = 'meeting-room-extension';
