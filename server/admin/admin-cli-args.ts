import * as v from 'valibot';
import { EmailSchema, FEATURE_NAMES, FeatureNameSchema, type FeatureName } from '../../shared/api/auth.ts';

/** A command line the CLI understands. */
export type CliCommand =
  | { command: 'help' }
  | { command: 'list'; search: string }
  | { command: 'set'; email: string; feature: FeatureName; on: boolean }
  | { command: 'audit'; limit: number };

/** The command line is wrong (exit code 2, with the usage). */
export class UsageError extends Error {}

export const AUDIT_DEFAULT_LIMIT = 20;
const AUDIT_MAX_LIMIT = 10_000;

export const USAGE = `Usage: npm run admin -- <command>

Commands:
  list [--search <text>]        accounts with their add-ons and betas (text: part of an email or name)
  enable <email> <feature>      switch a feature on for an account
  disable <email> <feature>     switch it off
  audit [--limit <n>]           the latest changes, newest first (default ${AUDIT_DEFAULT_LIMIT})
  help                          this text

Features: ${FEATURE_NAMES.join(', ')}

Uses the data folder of DATA_DIR (default ./data): through the running server's admin socket
(DATA_DIR/admin.sock) when it runs, else the data file directly. Run it as the server's OS user.
Exit codes: 0 done, 1 failed, 2 wrong command line.
`;

/** Reads `--name value` or `--name=value`; the rest stays positional. */
function options(args: string[], known: readonly string[]) {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values[name] = value;
  }
  return { values, positional };
}

function noMore(positional: string[], command: string) {
  if (positional.length > 0) throw new UsageError(`${command} takes no argument "${positional[0]}"`);
}

export function parseAdminArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case 'list': {
      const { values, positional } = options(rest, ['search']);
      noMore(positional, 'list');
      return { command: 'list', search: values.search ?? '' };
    }
    case 'enable':
    case 'disable': {
      const { positional } = options(rest, []);
      if (positional.length !== 2)
        throw new UsageError(`${command} takes an email and a feature, e.g. ${command} ada@example.com recording`);
      const [rawEmail, rawFeature] = positional as [string, string];
      const email = v.safeParse(EmailSchema, rawEmail);
      if (!email.success) throw new UsageError(`"${rawEmail}" is not an email address`);
      const feature = v.safeParse(FeatureNameSchema, rawFeature);
      if (!feature.success) throw new UsageError(`unknown feature "${rawFeature}"; use ${FEATURE_NAMES.join(' or ')}`);
      return { command: 'set', email: email.output, feature: feature.output, on: command === 'enable' };
    }
    case 'audit': {
      const { values, positional } = options(rest, ['limit']);
      noMore(positional, 'audit');
      const raw = values.limit ?? String(AUDIT_DEFAULT_LIMIT);
      const limit = Number(raw);
      if (!/^\d+$/.test(raw) || limit < 1 || limit > AUDIT_MAX_LIMIT)
        throw new UsageError(`--limit must be a whole number from 1 to ${AUDIT_MAX_LIMIT}, got "${raw}"`);
      return { command: 'audit', limit };
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
