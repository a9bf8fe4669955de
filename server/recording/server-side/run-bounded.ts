import { spawn } from 'node:child_process';

export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/**
 * Runs a tool in a child process, never for longer than `timeoutMs` (then it is killed), keeping
 * the end of what it wrote to stderr for the error. At a lower priority than the calls (`nice`).
 */
export function runBounded(
  bin: string,
  args: string[],
  { timeoutMs, niceness = 10 }: { timeoutMs: number; niceness?: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', String(niceness), bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-2000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const name = bin.split('/').pop();
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new ToolError(`${name} could not run: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new ToolError(`${name} ran longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
      else if (code === 0) resolve();
      else
        reject(
          new ToolError(`${name} failed (${signal ?? `exit ${code}`}): ${tail.trim().split('\n').slice(-3).join(' ') || 'no output'}`),
        );
    });
  });
}
