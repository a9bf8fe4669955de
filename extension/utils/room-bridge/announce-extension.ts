import { EXTENSION_ID_ATTRIBUTE, EXTENSION_READY_EVENT } from '@shared/extension-messages';

/**
 * Tells a room page which extension id to talk to: an attribute on `<html>` (readable whenever the
 * page looks) and an event (for a page that is already waiting). The id is all the page learns.
 */
export function announceExtension(doc: Document, extensionId: string): void {
  doc.documentElement.setAttribute(EXTENSION_ID_ATTRIBUTE, extensionId);
  // A string detail: objects do not cross from the content script's world to the page's.
  doc.defaultView?.dispatchEvent(new CustomEvent(EXTENSION_READY_EVENT, { detail: extensionId }));
}
