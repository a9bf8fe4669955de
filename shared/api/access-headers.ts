/** The headers a page proves its access with (apart from the schemas, which modules without validators can use). */

/** How a guest proves access: the `invite` query parameter of their link, sent back as this header. */
export const INVITE_HEADER = 'x-invite-token';

/** Identifies a browser (localStorage), so a removed guest is recognised when they come back. */
export const DEVICE_ID_HEADER = 'x-device-id';
