import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { compositeArgs, convertedName, type PlacedTrack, ppRecArgs } from './composite-command.ts';
import { mediaTracks, readMjrHeader } from './janus-files.ts';
import { runBounded, ToolError } from './run-bounded.ts';

export interface RecordingTools {
  /** Debian's janus-tools. */
  ppRec: string;
  ffmpeg: string;
}

export const DEFAULT_TOOLS: RecordingTools = { ppRec: '/usr/bin/janus-pp-rec', ffmpeg: '/usr/bin/ffmpeg' };

export interface PostProcessInput {
  /** The folder Janus recorded into (removed once the WebM is written). */
  dir: string;
  /** When the recording started and stopped (our clock, ms since the epoch). */
  startedAtMs: number;
  endedAtMs: number;
  out: string;
  tools: RecordingTools;
}

/**
 * A room's `.mjr` files into one WebM at `out`: each stream converted by janus-pp-rec, then the grid
 * and the mix by ffmpeg (composite-command.ts), each tool in a bounded child process. Throws a
 * ToolError saying what failed; the `.mjr` files stay then (a later try, or a person, may use them).
 */
export async function postProcess({
  dir,
  startedAtMs,
  endedAtMs,
  out,
  tools,
}: PostProcessInput): Promise<{ durationMs: number; size: number; tracks: string[] }> {
  const durationMs = Math.max(0, endedAtMs - startedAtMs);
  const names = await readdir(dir).catch(() => [] as string[]);
  const work = path.join(dir, 'converted');
  await mkdir(work, { recursive: true });
  const videos: PlacedTrack[] = [];
  const audios: PlacedTrack[] = [];
  for (const track of mediaTracks(names)) {
    const source = path.join(dir, track.name);
    // No header: Janus opened the file but no packet came (a stream that never flowed).
    const header = await readMjrHeader(source);
    if (!header || track.kind === 'data') continue;
    const target = path.join(work, convertedName(track.name, track.kind));
    await runBounded(tools.ppRec, ppRecArgs(source, target), { timeoutMs: 30_000 + durationMs });
    const placed = { file: target, offsetMs: Math.min(durationMs, Math.max(0, header.u / 1000 - startedAtMs)) };
    (track.kind === 'video' ? videos : audios).push(placed);
  }
  if (videos.length === 0 && audios.length === 0) throw new ToolError('Janus recorded nothing: nobody was sending while it recorded');
  const temp = `${out}.part`;
  const timeoutMs = 60_000 + 4 * durationMs * Math.max(1, videos.length);
  await runBounded(tools.ffmpeg, compositeArgs({ videos, audios, durationMs, out: temp }), { timeoutMs });
  await rename(temp, out);
  const { size } = await stat(out);
  await rm(dir, { recursive: true, force: true });
  const tracks = [...videos, ...audios].map((t) => `${path.basename(t.file)} at ${Math.round(t.offsetMs)} ms`);
  return { durationMs, size, tracks };
}
