/**
 * The headers a page proves its access with. Apart from the schemas that mention them, so the
 * page's first script (pwa/src/boot/) can send them without loading the protocol's validators.
 */

/** How a guest proves access: the `invite` query parameter of their link, sent back as this header. */
export const INVITE_HEADER = 'x-invite-token';

/** Identifies a browser (localStorage), so a removed guest is recognised when they come back. */
export const DEVICE_ID_HEADER = 'x-device-id';
