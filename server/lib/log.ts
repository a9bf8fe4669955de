import pino, { type Logger } from 'pino';

/**
 * The server's log: structured JSON lines on stdout (pino), one field `component` naming the part
 * that wrote it. `LOG_LEVEL` sets the level (default `info`; `debug` for more, `silent` for none).
 * Parts take a logger from here (`logFor('dial-in')`); tests that check what was logged pass their
 * own function where a part offers one.
 */
export const rootLogger: Logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

export const logFor = (component: string): Logger => rootLogger.child({ component });
