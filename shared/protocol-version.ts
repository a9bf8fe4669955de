/** Bumped whenever a message or API shape changes incompatibly. */
export const PROTOCOL_VERSION = 1 as const;
