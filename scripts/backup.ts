import { runBackupCli } from '../server/backup/backup-cli.ts';

// `npm run backup -- <folder>`: a consistent copy of DATA_DIR, the server running or not.
process.exitCode = await runBackupCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
