import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** [ppid, CPU seconds used so far (user + system)] of a process (or one of its threads), from /proc; null if it is gone. */
function stat(pid: number, tid?: number): [number, number] | null {
  try {
    const fields = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    return [Number(fields[1]), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND]; // ppid, utime + stime
  } catch {
    return null;
  }
}

/** CPU seconds a process has used so far (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  return stat(pid)?.[1] ?? 0;
}

/** CPU seconds a process's main thread has used so far (its thread id is the process id). */
export function mainThreadCpuSeconds(pid: number): number {
  return stat(pid, pid)?.[1] ?? 0;
}

/** Every process now: its CPU seconds so far, and the children of each. */
function processTable() {
  const children = new Map<number, number[]>();
  const used = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    const s = Number.isInteger(pid) ? stat(pid) : null;
    if (!s) continue;
    used.set(pid, s[1]);
    children.set(s[0], [...(children.get(s[0]) ?? []), pid]);
  }
  return { children, used };
}

/** A process and all its descendants. */
export function processTree(root: number, { children } = processTable()): number[] {
  const all: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    all.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return all;
}

/** CPU seconds used so far by a process and all its descendants (e.g. a browser's renderers and GPU process). */
export function treeCpuSeconds(root: number): number {
  const table = processTable();
  return processTree(root, table).reduce((total, pid) => total + (table.used.get(pid) ?? 0), 0);
}

/** The command line of a process, its arguments joined by spaces ('' if it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** A process's name (`/proc/<pid>/comm`; '' if it is gone). */
export function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * Seconds a process's threads have run on a CPU and waited for one so far (`/proc/<pid>/task/<tid>/schedstat`,
 * summed over its threads): on a saturated machine the wait says how much more it wanted.
 */
export function schedSeconds(pid: number): { ran: number; waited: number } {
  let ran = 0;
  let waited = 0;
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { ran, waited };
  }
  for (const tid of tids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      ran += (run ?? 0) / 1e9;
      waited += (wait ?? 0) / 1e9;
    } catch {
      /* the thread ended */
    }
  }
  return { ran, waited };
}

/** CPU used by `measure()`'s process over `ms`, in % of one core. */
export async function cpuPercentOver(ms: number, measure: () => number): Promise<number> {
  const before = measure();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return ((measure() - before) / ((performance.now() - t0) / 1000)) * 100;
}
