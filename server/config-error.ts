/** A setting in the environment is wrong; the process stops with this message. */
export class ConfigError extends Error {}
