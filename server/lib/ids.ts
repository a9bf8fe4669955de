import { randomBytes } from 'node:crypto';

/** 128 random bits, url-safe (22 characters). */
export const newId = () => randomBytes(16).toString('base64url');
/** 256 random bits for secrets (tokens). */
export const newSecret = () => randomBytes(32).toString('base64url');
