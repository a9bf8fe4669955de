export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const TILE_ASPECT = 16 / 9;

/**
 * Where each picture goes in the recording's frame. Without a shared screen: a grid of
 * equal 16:9 tiles, as large as fits, rows centred. With one: the screen large on the
 * left (`screen`), everyone's camera in a column on the right (`cameras`).
 */
export function layoutTiles(
  cameras: number,
  withScreen: boolean,
  width: number,
  height: number,
  gap = 8,
): { screen: Rect | null; cameras: Rect[] } {
  if (!withScreen) return { screen: null, cameras: grid(cameras, { x: 0, y: 0, width, height }, gap) };
  if (cameras === 0) return { screen: { x: 0, y: 0, width, height }, cameras: [] };
  const stripWidth = Math.round(width * 0.22);
  const screen = { x: 0, y: 0, width: width - stripWidth - gap, height };
  const tileHeight = Math.min(stripWidth / TILE_ASPECT, (height - gap * (cameras - 1)) / cameras);
  const tileWidth = tileHeight * TILE_ASPECT;
  const top = (height - (tileHeight * cameras + gap * (cameras - 1))) / 2;
  const left = width - stripWidth + (stripWidth - tileWidth) / 2;
  return {
    screen,
    cameras: Array.from({ length: cameras }, (_, i) => ({
      x: left,
      y: top + i * (tileHeight + gap),
      width: tileWidth,
      height: tileHeight,
    })),
  };
}

/** `count` equal tiles in `area`: the column count that gives the largest tiles wins. */
export function grid(count: number, area: Rect, gap: number): Rect[] {
  if (count === 0) return [];
  let best = { columns: 1, rows: count, tileWidth: 0 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const tileWidth = Math.min((area.width - gap * (columns - 1)) / columns, ((area.height - gap * (rows - 1)) / rows) * TILE_ASPECT);
    if (tileWidth > best.tileWidth) best = { columns, rows, tileWidth };
  }
  const { columns, rows, tileWidth } = best;
  const tileHeight = tileWidth / TILE_ASPECT;
  const top = area.y + (area.height - (rows * tileHeight + (rows - 1) * gap)) / 2;
  return Array.from({ length: count }, (_, i) => {
    const row = Math.floor(i / columns);
    const inRow = row === rows - 1 ? count - row * columns : columns;
    const left = area.x + (area.width - (inRow * tileWidth + (inRow - 1) * gap)) / 2;
    return { x: left + (i % columns) * (tileWidth + gap), y: top + row * (tileHeight + gap), width: tileWidth, height: tileHeight };
  });
}

/** Source rectangle of a `sw`×`sh` picture that fills `rect` (`cover`, cropped) or fits in it (`contain`, letterboxed). */
export function fitPicture(sw: number, sh: number, rect: Rect, mode: 'cover' | 'contain'): { source: Rect; target: Rect } {
  const scale = mode === 'cover' ? Math.max(rect.width / sw, rect.height / sh) : Math.min(rect.width / sw, rect.height / sh);
  if (mode === 'cover') {
    const width = rect.width / scale;
    const height = rect.height / scale;
    return { source: { x: (sw - width) / 2, y: (sh - height) / 2, width, height }, target: rect };
  }
  const width = sw * scale;
  const height = sh * scale;
  return {
    source: { x: 0, y: 0, width: sw, height: sh },
    target: { x: rect.x + (rect.width - width) / 2, y: rect.y + (rect.height - height) / 2, width, height },
  };
}
