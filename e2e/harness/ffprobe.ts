import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Tests that need ffprobe call this first: a missing tool is a failure with what to install,
 * never a skip (`.ci/run` installs Debian's ffmpeg).
 */
export function requireFfprobe(): void {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error("ffprobe is missing: install Debian's ffmpeg (apt-get install ffmpeg); .ci/run does");
  }
}

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
  return {
    duration: Number(json.format.duration ?? NaN),
    size: Number(json.format.size),
    streams: json.streams,
    formatName: json.format.format_name,
  };
}

/** Every packet's start and length in seconds, in file order (video only with 'v', audio only with 'a'). */
export async function packetTimes(file: string, stream?: 'v' | 'a'): Promise<{ pts: number; duration: number }[]> {
  const select = stream ? ['-select_streams', stream] : [];
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', ...select, '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout
    .split('\n')
    .map((line) => line.split(',').map(Number))
    .filter(([pts]) => Number.isFinite(pts))
    .map(([pts, duration]) => ({ pts: pts!, duration: Number.isFinite(duration) ? duration! : 0 }));
}

/** The end of the last packet (pts + duration), in seconds: the media's own length, independent of the header. `stream`: only video or audio. */
export async function lastPacketEnd(file: string, stream?: 'v' | 'a'): Promise<number> {
  return (await packetTimes(file, stream)).reduce((end, p) => Math.max(end, p.pts + p.duration), 0);
}

/**
 * Decodes every frame; resolves with ffmpeg's error output (empty for a clean file). Frames keep
 * their own times (a recording's frame rate varies; a constant-rate output would make ffmpeg
 * complain about its own retimed frames, not the file's).
 */
export async function decodeErrors(file: string): Promise<string> {
  // `repeat+`: every message on its own line, never "Last message repeated n times" (which would
  // outlive the filtering below when the repeated line is one of those filtered out).
  const { stderr } = await run('ffmpeg', ['-v', 'repeat+error', '-i', file, '-fps_mode', 'passthrough', '-f', 'null', '-'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  // The null muxer complains when two frames carry the same timestamp, which Chromium's recorder
  // writes now and then on a loaded machine; that is about writing the copy, not decoding the file.
  return stderr
    .split('\n')
    .filter((line) => line.trim() && !/non monotonically increasing dts to muxer/.test(line))
    .join('\n')
    .trim();
}

/** The loudest sample of a file's audio in dBFS (ffmpeg's volumedetect); -Infinity for silence. */
export async function maxVolumeDb(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-v', 'info', '-nostats', '-i', file, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const match = /max_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  return !match || match[1] === '-inf' ? -Infinity : Number(match[1]);
}

/** One decoded video frame at `seconds` (RGB, 3 bytes a pixel) and a way to read a pixel. */
export async function frameAt(file: string, seconds: number, width: number, height: number) {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer', maxBuffer: width * height * 3 + 1024 },
  );
  const rgb = stdout as unknown as Buffer;
  if (rgb.length !== width * height * 3) throw new Error(`expected a ${width}×${height} frame, got ${rgb.length} bytes`);
  return {
    pixel(x: number, y: number): [number, number, number] {
      const i = (Math.round(y) * width + Math.round(x)) * 3;
      return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
    },
  };
}
