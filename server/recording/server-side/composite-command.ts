/**
 * The commands that turn a room's Janus recordings into one WebM: `janus-pp-rec` per `.mjr` (VP8
 * into WebM, Opus into Ogg), then one `ffmpeg` run that lays every video out in a grid (xstack) and
 * mixes every voice (amix), each placed at the moment its first frame reached Janus, on a timeline
 * exactly as long as the recording ran. Pure: the argument lists only.
 */

/** A converted stream and where it starts on the recording's timeline. */
export interface PlacedTrack {
  file: string;
  /** From the recording's start to the stream's first frame, in ms (0 or more). */
  offsetMs: number;
}

export interface CompositeInput {
  videos: PlacedTrack[];
  audios: PlacedTrack[];
  /** How long the recording ran (start to stop), in ms: the output's length. */
  durationMs: number;
  out: string;
  /** Frames a second of the grid. */
  fps?: number;
}

/** The file janus-pp-rec writes for an `.mjr`: Opus into Ogg, VP8 into WebM. */
export const convertedName = (mjrName: string, kind: 'audio' | 'video') => mjrName.replace(/\.mjr$/, kind === 'audio' ? '.opus' : '.webm');

export const ppRecArgs = (source: string, target: string): string[] => ['--disable-colors', '--debug-level', '3', source, target];

/** Tile size and canvas for `n` pictures: one at 1280×720, then columns × rows of 640×360 (2×2 for 3 or 4, 3×3 up to 9…). */
export function gridLayout(n: number): { cols: number; rows: number; tileW: number; tileH: number; positions: string[] } {
  const count = Math.max(1, n);
  const cols = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const [tileW, tileH] = count === 1 ? [1280, 720] : [640, 360];
  const positions = Array.from({ length: count }, (_, i) => `${(i % cols) * tileW}_${Math.floor(i / cols) * tileH}`);
  return { cols, rows, tileW, tileH, positions };
}

/** How long a picture holds after its last frame before the tile turns black, in seconds. */
const HOLD_S = 2;

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** `ffmpeg` arguments for the composite (videos are inputs 0…v-1, voices after them). */
export function compositeArgs({ videos, audios, durationMs, out, fps = 15 }: CompositeInput): string[] {
  const total = seconds(durationMs);
  const inputs = [...videos, ...audios].flatMap((t) => ['-i', t.file]);
  const graph: string[] = [];
  const { tileW, tileH, positions } = gridLayout(videos.length);

  if (videos.length === 0) {
    graph.push(`color=c=black:s=${tileW}x${tileH}:r=${fps}:d=${total},format=yuv420p[v]`);
  } else {
    videos.forEach((t, i) => {
      // Fitted into its tile at a steady frame rate (a stall repeats the last picture, as a call's video does),
      // black before the first frame; after the last one the picture holds for up to HOLD_S (a sender that
      // fell behind at the end) and then turns black (someone who left); cut to the recording's length.
      graph.push(
        `[${i}:v]scale=${tileW}:${tileH}:force_original_aspect_ratio=decrease,` +
          `pad=${tileW}:${tileH}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p,fps=${fps}:start_time=0,` +
          `tpad=start_duration=${seconds(t.offsetMs)}:start_mode=add:color=black:stop_mode=clone:stop_duration=${HOLD_S},` +
          `tpad=stop_mode=add:stop_duration=${total}:color=black,trim=duration=${total},setpts=PTS-STARTPTS[v${i}]`,
      );
    });
    if (videos.length === 1) graph.push('[v0]null[v]');
    else
      graph.push(`${videos.map((_, i) => `[v${i}]`).join('')}xstack=inputs=${videos.length}:layout=${positions.join('|')}:fill=black[v]`);
  }

  if (audios.length === 0) {
    graph.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${total}[a]`);
  } else {
    audios.forEach((t, i) => {
      const delay = Math.round(Math.max(0, t.offsetMs));
      graph.push(`[${videos.length + i}:a]asetpts=PTS-STARTPTS,aresample=48000,adelay=delays=${delay}:all=1[a${i}]`);
    });
    // Every voice at its own level (no normalising down by the count), silence to the end, cut to the length.
    const mixed =
      audios.length === 1
        ? '[a0]anull'
        : `${audios.map((_, i) => `[a${i}]`).join('')}amix=inputs=${audios.length}:duration=longest:normalize=0`;
    graph.push(`${mixed},apad=whole_dur=${total},atrim=duration=${total},asetpts=PTS-STARTPTS[a]`);
  }

  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    graph.join(';'),
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-t',
    total,
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-b:v',
    '1500k',
    '-c:a',
    'libopus',
    '-b:a',
    '96k',
    '-threads',
    '1',
    '-f',
    'webm',
    out,
  ];
}
