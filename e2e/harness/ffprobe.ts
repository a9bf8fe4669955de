import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Is Debian's ffmpeg (ffprobe) installed? CI installs it; tests that need it skip without. */
export const hasFfprobe = (() => {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface ProbedMedia {
  /** From the container (the Duration we write), in seconds; NaN when the file has none. */
  duration: number;
  size: number;
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  formatName: string;
}

/** `ffprobe -show_streams -show_format` of a file, parsed. */
export async function probeMedia(file: string): Promise<ProbedMedia> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  const json = JSON.parse(stdout) as { streams: ProbedMedia['streams']; format: { duration?: string; size: string; format_name: string } };
  return { duration: Number(json.format.duration ?? NaN), size: Number(json.format.size), streams: json.streams, formatName: json.format.format_name };
}

/** The end of the last packet (pts + duration), in seconds: the media's own length, independent of the header. */
export async function lastPacketEnd(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  let end = 0;
  for (const line of stdout.split('\n')) {
    const [pts, duration] = line.split(',').map(Number);
    if (Number.isFinite(pts)) end = Math.max(end, pts! + (Number.isFinite(duration) ? duration! : 0));
  }
  return end;
}

/** Decodes every frame; resolves with ffmpeg's error output (empty for a clean file). */
export async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { maxBuffer: 16 * 1024 * 1024 });
  return stderr.trim();
}

/** The loudest sample of a file's audio in dBFS (ffmpeg's volumedetect); -Infinity for silence. */
export async function maxVolumeDb(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-v', 'info', '-nostats', '-i', file, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const match = /max_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  return !match || match[1] === '-inf' ? -Infinity : Number(match[1]);
}
