import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compositeArgs, convertedName, gridLayout, ppRecArgs } from './composite-command.ts';
import { runBounded, ToolError } from './run-bounded.ts';

const run = promisify(execFile);
const filterOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!;

describe('the grid of a server recording', () => {
  it.each([
    [0, 1, 1, 1280, ['0_0']],
    [1, 1, 1, 1280, ['0_0']],
    [2, 2, 1, 640, ['0_0', '640_0']],
    [3, 2, 2, 640, ['0_0', '640_0', '0_360']],
    [4, 2, 2, 640, ['0_0', '640_0', '0_360', '640_360']],
    [5, 3, 2, 640, ['0_0', '640_0', '1280_0', '0_360', '640_360']],
  ])('%i pictures: %i columns, %i rows, tiles %i wide', (n, cols, rows, tileW, positions) => {
    expect(gridLayout(n)).toMatchObject({ cols, rows, tileW, positions });
  });
});

describe('the commands', () => {
  it('names what janus-pp-rec writes for each kind', () => {
    expect(convertedName('videoroom-m-user-p-1-audio-0.mjr', 'audio')).toBe('videoroom-m-user-p-1-audio-0.opus');
    expect(convertedName('videoroom-m-user-p-1-video-1.mjr', 'video')).toBe('videoroom-m-user-p-1-video-1.webm');
    expect(ppRecArgs('/r/a.mjr', '/r/converted/a.opus').slice(-2)).toEqual(['/r/a.mjr', '/r/converted/a.opus']);
  });

  it('places each picture and voice at its offset, on a timeline as long as the recording', () => {
    const args = compositeArgs({
      videos: [
        { file: 'a.webm', offsetMs: 0 },
        { file: 'b.webm', offsetMs: 1250 },
      ],
      audios: [
        { file: 'a.opus', offsetMs: 40 },
        { file: 'b.opus', offsetMs: 1300 },
      ],
      durationMs: 6500,
      out: 'out.webm',
    });
    expect(args.filter((_, i) => args[i - 1] === '-i')).toEqual(['a.webm', 'b.webm', 'a.opus', 'b.opus']);
    const graph = filterOf(args);
    expect(graph).toContain('[1:v]scale=640:360');
    expect(graph).toContain('tpad=start_duration=1.250:');
    expect(graph).toContain('stop_mode=clone:stop_duration=2,tpad=stop_mode=add:stop_duration=6.500:color=black,trim=duration=6.500');
    expect(graph).toContain('xstack=inputs=2:layout=0_0|640_0:fill=black[v]');
    expect(graph).toContain('[2:a]asetpts=PTS-STARTPTS,aresample=48000,adelay=delays=40:all=1[a0]');
    expect(graph).toContain('[3:a]asetpts=PTS-STARTPTS,aresample=48000,adelay=delays=1300:all=1[a1]');
    expect(graph).toContain('amix=inputs=2:duration=longest:normalize=0,apad=whole_dur=6.500,atrim=duration=6.500');
    expect(args.slice(args.indexOf('-t'), args.indexOf('-t') + 2)).toEqual(['-t', '6.500']);
    expect(args.at(-1)).toBe('out.webm');
  });

  it('makes a black picture when nobody sent one, and silence when nobody spoke', () => {
    const noVideo = filterOf(compositeArgs({ videos: [], audios: [{ file: 'a.opus', offsetMs: 0 }], durationMs: 2000, out: 'o.webm' }));
    expect(noVideo).toContain('color=c=black:s=1280x720:r=15:d=2.000');
    expect(noVideo).toContain('[0:a]asetpts');
    const noAudio = filterOf(compositeArgs({ videos: [{ file: 'a.webm', offsetMs: 0 }], audios: [], durationMs: 2000, out: 'o.webm' }));
    expect(noAudio).toContain('anullsrc=r=48000:cl=stereo,atrim=duration=2.000[a]');
    expect(noAudio).toContain('[v0]null[v]');
  });

  it('runs: two pictures starting apart and a voice become one WebM exactly as long as asked', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'composite-'));
    const make = (args: string[]) => run('ffmpeg', ['-v', 'error', '-y', ...args]);
    await make(['-f', 'lavfi', '-i', 'testsrc=s=320x240:r=15:d=2', '-c:v', 'libvpx', '-deadline', 'realtime', `${dir}/a.webm`]);
    await make(['-f', 'lavfi', '-i', 'testsrc2=s=640x480:r=15:d=1.5', '-c:v', 'libvpx', '-deadline', 'realtime', `${dir}/b.webm`]);
    await make(['-f', 'lavfi', '-i', 'sine=f=440:d=2', '-c:a', 'libopus', `${dir}/a.opus`]);
    const out = `${dir}/out.webm`;
    await runBounded(
      'ffmpeg',
      compositeArgs({
        videos: [
          { file: `${dir}/a.webm`, offsetMs: 0 },
          { file: `${dir}/b.webm`, offsetMs: 1000 },
        ],
        audios: [{ file: `${dir}/a.opus`, offsetMs: 500 }],
        durationMs: 3000,
        out,
      }),
      { timeoutMs: 110_000 },
    );
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', out]);
    const probed = JSON.parse(stdout) as {
      format: { duration: string; format_name: string };
      streams: { codec_type: string; width?: number; height?: number }[];
    };
    expect(probed.format.format_name).toContain('webm');
    expect(Number(probed.format.duration)).toBeCloseTo(3, 0);
    expect(Math.abs(Number(probed.format.duration) - 3)).toBeLessThan(0.15);
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 360 });
    expect(probed.streams.some((s) => s.codec_type === 'audio')).toBe(true);
    // The second picture is black until its offset, then shows.
    const centreOfSecondTile = async (at: number) => {
      const { stdout: rgb } = await run(
        'ffmpeg',
        [
          '-v',
          'error',
          '-ss',
          String(at),
          '-i',
          out,
          '-frames:v',
          '1',
          '-vf',
          'crop=2:2:959:179',
          '-f',
          'rawvideo',
          '-pix_fmt',
          'gray',
          '-',
        ],
        { encoding: 'buffer' },
      );
      return (rgb as unknown as Buffer)[0]!;
    };
    expect(await centreOfSecondTile(0.5)).toBeLessThan(30);
    expect(await centreOfSecondTile(1.6)).toBeGreaterThan(30);
  }, 120_000);
});

describe('a tool run in a bounded child process', () => {
  it('says how a tool failed', async () => {
    await expect(
      runBounded('ffmpeg', ['-v', 'error', '-i', '/nonexistent.webm', '-f', 'null', '-'], { timeoutMs: 10_000 }),
    ).rejects.toThrow(/ffmpeg failed \(exit 1\): .*nonexistent/);
  });

  it('stops a tool that runs too long', async () => {
    const started = Date.now();
    const run = runBounded('sleep', ['30'], { timeoutMs: 300 });
    await expect(run).rejects.toThrow(ToolError);
    await expect(run).rejects.toThrow(/ran longer than 0 s and was stopped/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
