import type { ReadonlySignal } from '@preact/signals';
import { initials } from '../room/VideoTile.tsx';
import { createTicker } from './create-ticker.ts';
import type { RecordedPicture } from './recorded-sources.ts';
import { syncKeyed } from './sync-keyed.ts';
import { fitPicture, layoutTiles, type Rect } from './tile-layout.ts';

export interface ComposeOptions {
  width?: number;
  height?: number;
  frameRate?: number;
}

/** A muted player per video track, so the canvas can draw its frames. */
function createPlayers() {
  const players = new Map<MediaStreamTrack, HTMLVideoElement>();
  return {
    /** Players for exactly these tracks (new ones started, gone ones released). */
    sync(tracks: ReadonlySet<MediaStreamTrack>) {
      syncKeyed(
        players,
        tracks,
        (track) => {
          const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, autoplay: true });
          video.srcObject = new MediaStream([track]);
          void video.play().catch(() => undefined);
          return video;
        },
        (video) => void (video.srcObject = null),
      );
    },
    get: (track: MediaStreamTrack) => players.get(track),
    dispose() {
      for (const video of players.values()) video.srcObject = null;
      players.clear();
    },
  };
}

/**
 * The call as one picture: a canvas redrawn `frameRate` times a second from everyone's
 * video (grid; a shared screen large with the cameras beside it), captured as a track.
 * The layout is taken from `pictures` at every frame, so it follows joins and leaves.
 */
export function composeVideo(
  pictures: ReadonlySignal<RecordedPicture[]>,
  { width = 1280, height = 720, frameRate = 24 }: ComposeOptions = {},
) {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('this browser cannot draw the recording (no 2D canvas)');
  const players = createPlayers();
  const track = canvas.captureStream(frameRate).getVideoTracks()[0];
  if (!track) throw new Error('this browser cannot capture a canvas');

  function drawName(name: string, rect: Rect) {
    const size = Math.max(12, Math.round(rect.height * 0.06));
    ctx!.font = `${size}px system-ui, sans-serif`;
    const text = name.length > 40 ? `${name.slice(0, 39)}…` : name;
    const w = ctx!.measureText(text).width + size;
    ctx!.fillStyle = 'rgba(0, 0, 0, 0.55)';
    ctx!.fillRect(rect.x + size / 2, rect.y + rect.height - size * 2, w, size * 1.5);
    ctx!.fillStyle = '#fff';
    ctx!.textBaseline = 'middle';
    ctx!.fillText(text, rect.x + size, rect.y + rect.height - size * 1.25);
  }

  function drawAvatar(name: string, rect: Rect) {
    ctx!.fillStyle = '#2b2f36';
    ctx!.fillRect(rect.x, rect.y, rect.width, rect.height);
    const r = Math.min(rect.width, rect.height) * 0.18;
    ctx!.fillStyle = '#4a5160';
    ctx!.beginPath();
    ctx!.arc(rect.x + rect.width / 2, rect.y + rect.height / 2, r, 0, 2 * Math.PI);
    ctx!.fill();
    ctx!.fillStyle = '#fff';
    ctx!.font = `${Math.round(r * 0.9)}px system-ui, sans-serif`;
    ctx!.textAlign = 'center';
    ctx!.textBaseline = 'middle';
    ctx!.fillText(initials(name), rect.x + rect.width / 2, rect.y + rect.height / 2);
    ctx!.textAlign = 'start';
  }

  function drawPicture(picture: RecordedPicture, rect: Rect) {
    const video = picture.track ? players.get(picture.track) : undefined;
    if (video && video.readyState >= 2 && video.videoWidth > 0) {
      ctx!.fillStyle = '#000';
      ctx!.fillRect(rect.x, rect.y, rect.width, rect.height);
      const { source, target } = fitPicture(video.videoWidth, video.videoHeight, rect, picture.kind === 'screen' ? 'contain' : 'cover');
      ctx!.drawImage(video, source.x, source.y, source.width, source.height, target.x, target.y, target.width, target.height);
    } else {
      drawAvatar(picture.name, rect);
    }
    drawName(picture.name, rect);
  }

  let lastDraw = -Infinity;
  function draw() {
    // Ticks queued while the page was busy arrive together: one frame for them all (two frames
    // within a millisecond would share a WebM timestamp).
    const now = performance.now();
    if (now - lastDraw < 500 / frameRate) return;
    lastDraw = now;
    const list = pictures.peek();
    players.sync(new Set(list.flatMap((p) => (p.track ? [p.track] : []))));
    const screen = list.find((p) => p.kind === 'screen');
    const cameras = list.filter((p) => p.kind === 'camera');
    const layout = layoutTiles(cameras.length, Boolean(screen), width, height);
    ctx!.fillStyle = '#15171b';
    ctx!.fillRect(0, 0, width, height);
    if (screen && layout.screen) drawPicture(screen, layout.screen);
    cameras.forEach((p, i) => drawPicture(p, layout.cameras[i]!));
  }

  draw();
  const ticker = createTicker(1000 / frameRate, draw);
  return {
    track,
    dispose() {
      ticker.dispose();
      track.stop();
      players.dispose();
    },
  };
}
