import { runRestoreCli } from '../server/backup/backup-cli.ts';

// `npm run restore -- <folder>`: a backup back into an empty DATA_DIR.
process.exitCode = await runRestoreCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
