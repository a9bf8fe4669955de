import net from 'node:net';
import * as v from 'valibot';
import { ADMIN_RESULT_SCHEMAS, AdminResponseSchema, type AdminCommand, type AdminRequestFor, type AdminResult } from './admin-protocol.ts';

/** The socket could not be used (not the same as "no server": see `probeAdminSocket`). */
export class AdminSocketError extends Error {}

/** An error answer from the socket's owner, with the API's error code. */
export class AdminCommandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Whether a server answers on the socket: true; false when nobody does (no file, or a stale one
 * a crash left). Anything else (no permission) throws: then a server may well be running, and
 * the CLI must not open the data file behind its back.
 */
export function probeAdminSocket(file: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.connect(file);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(false);
      else reject(new AdminSocketError(socketProblem(file, error)));
    });
  });
}

/** Sends one request and returns its parsed result; an error answer throws AdminCommandError. */
export function askAdminSocket<C extends AdminCommand>(
  file: string,
  request: AdminRequestFor<C>,
  timeoutMs = 15_000,
): Promise<AdminResult<C>> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(file);
    let text = '';
    conn.setTimeout(timeoutMs, () => conn.destroy(new AdminSocketError(`no answer from ${file} within ${timeoutMs / 1000} s`)));
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on('data', (chunk) => (text += chunk.toString('utf8')));
    conn.on('error', (error: NodeJS.ErrnoException) =>
      reject(error instanceof AdminSocketError ? error : new AdminSocketError(socketProblem(file, error))),
    );
    conn.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return reject(new AdminSocketError(`${file} answered something that is not our protocol`));
      }
      const response = v.safeParse(AdminResponseSchema, json);
      if (!response.success) return reject(new AdminSocketError(`${file} answered something that is not our protocol`));
      if (!response.output.ok) return reject(new AdminCommandError(response.output.error.code, response.output.error.message));
      const result = v.safeParse(ADMIN_RESULT_SCHEMAS[request.command], response.output.result);
      if (!result.success) return reject(new AdminSocketError(`${file} answered an unexpected result for "${request.command}"`));
      resolve(result.output as AdminResult<C>);
    });
  });
}

function socketProblem(file: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return `cannot use ${file}: permission denied (run this as the user the server runs as)`;
  if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') return `the server stopped answering on ${file}; try again`;
  return `cannot use ${file}: ${error.message}`;
}
