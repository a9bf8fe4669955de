/**
 * The stored data cannot be used as it is (a file that does not parse or fit its schema, a
 * database whose migrations are newer than this server): the start stops with this message, and
 * nothing was changed.
 */
export class StoreCorruptError extends Error {}

/** The storage cannot be reached at start (PostgreSQL down, wrong password…): the start stops with this message. */
export class StorageUnavailableError extends Error {}
