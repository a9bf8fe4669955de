import { runAdminCli } from '../server/admin/admin-cli.ts';

// `npm run admin -- <command>`: operators' command line (see `npm run admin -- help`).
process.exitCode = await runAdminCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
