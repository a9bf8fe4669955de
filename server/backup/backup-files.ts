import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as v from 'valibot';
import { DATA_FILE_NAME } from '../storage/lowdb/lowdb-document.ts';
import type { Snapshot } from './snapshot.ts';

export const MANIFEST_NAME = 'backup-manifest.json';
/** The folders of DATA_DIR a backup holds besides `db.json` and `chat/`: uploads, recordings, the outbox (mail without SMTP). */
const TREES = ['files', 'recordings', 'outbox'] as const;

const ManifestSchema = v.strictObject({
  format: v.literal(1),
  takenAt: v.string(),
  /** Every file of the backup (relative, `/`-separated), its size and SHA-256. */
  files: v.array(v.strictObject({ path: v.string(), size: v.number(), sha256: v.string() })),
});
export type Manifest = v.InferOutput<typeof ManifestSchema>;

/** Something the operator must fix (a folder that is not empty, a damaged backup): said plainly, exit 1. */
export class BackupError extends Error {}

/** A folder that does not exist or holds nothing; anything else is refused (we never mix data). */
export async function requireEmptyFolder(dir: string, what: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new BackupError(`${dir} is a file, not a folder`);
    throw error;
  });
  if (entries.length > 0)
    throw new BackupError(
      `${what} ${dir} is not empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); give an empty or new folder`,
    );
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function fsyncPath(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The first `length` bytes of `from` into `to` (a chat file as it was at the cut). */
async function copyPrefix(from: string, to: string, length: number): Promise<void> {
  const source = await open(from, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await source.read(buffer, 0, length, 0);
    if (bytesRead < length) throw new BackupError(`${from} is shorter than at the snapshot (${bytesRead} < ${length} bytes)`);
    await writeFile(to, buffer);
  } finally {
    await source.close();
  }
}

async function listTree(root: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listTree(root, child)));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

/**
 * Writes the backup into `target` (empty or new): `db.json` and the chat files as the snapshot
 * cut them, then uploads and recordings as they are (files that went meanwhile are skipped), every
 * file fsync'd, and a manifest of sizes and SHA-256 sums, checked by reading the copy back.
 */
export async function writeBackup(dataDir: string, target: string, snapshot: Snapshot): Promise<Manifest> {
  await requireEmptyFolder(target, 'the backup folder');
  await mkdir(path.join(target, 'chat'), { recursive: true });
  const written: string[] = [];
  if (snapshot.store !== null) {
    await writeFile(path.join(target, DATA_FILE_NAME), snapshot.store);
    written.push(DATA_FILE_NAME);
  }
  for (const [name, length] of Object.entries(snapshot.chat)) {
    await copyPrefix(path.join(dataDir, 'chat', name), path.join(target, 'chat', name), length);
    written.push(`chat/${name}`);
  }
  for (const tree of TREES) {
    for (const rel of await listTree(path.join(dataDir, tree))) {
      const to = path.join(target, tree, ...rel.split('/'));
      await mkdir(path.dirname(to), { recursive: true });
      try {
        await copyFile(path.join(dataDir, tree, ...rel.split('/')), to);
        written.push(`${tree}/${rel}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted meanwhile
      }
    }
  }
  const files: Manifest['files'] = [];
  for (const rel of written.sort()) {
    const file = path.join(target, ...rel.split('/'));
    await fsyncPath(file);
    files.push({ path: rel, size: (await stat(file)).size, sha256: await sha256Of(file) });
  }
  const manifest: Manifest = { format: 1, takenAt: snapshot.takenAt, files };
  await writeFile(path.join(target, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  await fsyncPath(path.join(target, MANIFEST_NAME));
  await fsyncPath(target);
  await verifyBackup(target);
  return manifest;
}

/** Reads the manifest and checks every file against it; throws BackupError naming the first damage. */
export async function verifyBackup(source: string): Promise<Manifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.join(source, MANIFEST_NAME), 'utf8'));
  } catch {
    throw new BackupError(`${source} holds no readable ${MANIFEST_NAME}: is it a backup made by npm run backup?`);
  }
  const parsed = v.safeParse(ManifestSchema, json);
  if (!parsed.success) throw new BackupError(`${path.join(source, MANIFEST_NAME)} is not a backup manifest we know`);
  for (const entry of parsed.output.files) {
    if (entry.path.split('/').some((part) => part === '..' || part === '' || part === '.')) {
      throw new BackupError(`the manifest names a path outside the backup: ${entry.path}`);
    }
    const file = path.join(source, ...entry.path.split('/'));
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== entry.size || (await sha256Of(file)) !== entry.sha256)
      throw new BackupError(`${entry.path} in the backup is missing or damaged`);
  }
  return parsed.output;
}

/** Checks the backup, then copies it into `dataDir` (empty or new), every file and folder fsync'd. */
export async function restoreBackup(source: string, dataDir: string): Promise<Manifest> {
  const manifest = await verifyBackup(source);
  await requireEmptyFolder(dataDir, 'DATA_DIR');
  await mkdir(dataDir, { recursive: true });
  const dirs = new Set<string>([dataDir]);
  for (const entry of manifest.files) {
    const to = path.join(dataDir, ...entry.path.split('/'));
    await mkdir(path.dirname(to), { recursive: true });
    dirs.add(path.dirname(to));
    await copyFile(path.join(source, ...entry.path.split('/')), to);
    await fsyncPath(to);
  }
  for (const dir of dirs) await fsyncPath(dir);
  return manifest;
}
