import { userInfo } from 'node:os';
import { ADMIN_PAGE_MAX, type AdminAccount, type AuditEntry } from '../../shared/api/admin.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { StorageUnavailableError, StoreCorruptError } from '../storage/storage-errors.ts';
import { AdminCommandError, AdminSocketError } from './admin-client.ts';
import { parseAdminArgs, USAGE, UsageError, type CliCommand } from './admin-cli-args.ts';
import { openAdminChannel, type AdminChannel } from './admin-channel.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `npm run admin -- <command>`: exit code 0 done, 1 failed, 2 wrong command line. */
export async function runAdminCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseAdminArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  let channel: AdminChannel | null = null;
  try {
    channel = await openAdminChannel(loadConfig(env));
    io.stdout(await run(command, channel));
    return 0;
  } catch (error) {
    const known =
      error instanceof AdminCommandError ||
      error instanceof AdminSocketError ||
      error instanceof ConfigError ||
      error instanceof StoreCorruptError ||
      error instanceof StorageUnavailableError;
    io.stderr(known ? `${(error as Error).message}\n` : `unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  } finally {
    await channel?.close();
  }
}

const osUser = () => {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER || 'unknown';
  }
};

const VIA: Record<AdminChannel['mode'], string> = {
  server: '(through the running server)',
  file: '(the server is not running: the data file was used directly)',
  database: '(in the database)',
};
const via = (channel: AdminChannel) => VIA[channel.mode];
const onOff = (on: boolean) => (on ? 'on' : 'off');

async function run(command: Exclude<CliCommand, { command: 'help' }>, channel: AdminChannel): Promise<string> {
  switch (command.command) {
    case 'list': {
      const accounts: AdminAccount[] = [];
      for (let total = Infinity; accounts.length < total; ) {
        const page = await channel.send({ command: 'list', search: command.search, offset: accounts.length, limit: ADMIN_PAGE_MAX });
        accounts.push(...page.accounts);
        total = page.accounts.length === 0 ? accounts.length : page.total;
      }
      const rows = accounts.map((a) => [
        a.email,
        a.name,
        a.createdAt.slice(0, 10),
        onOff(a.features.recording),
        onOff(a.features.backgroundBlur),
        a.operator ? 'operator' : '',
      ]);
      const summary = `${accounts.length} account${accounts.length === 1 ? '' : 's'}${command.search ? ` matching "${command.search}"` : ''} ${via(channel)}`;
      return accounts.length
        ? `${table([['EMAIL', 'NAME', 'CREATED', 'RECORDING', 'BACKGROUNDBLUR', ''], ...rows])}${summary}\n`
        : `${summary}\n`;
    }
    case 'set': {
      const { account, audit } = await channel.send({
        command: 'set',
        email: command.email,
        feature: command.feature,
        on: command.on,
        osUser: osUser(),
      });
      const line = audit.length
        ? `${command.feature}: ${onOff(!command.on)} → ${onOff(command.on)} for ${account.email}`
        : `${command.feature} was already ${onOff(command.on)} for ${account.email}; nothing changed`;
      return `${line} ${via(channel)}\n`;
    }
    case 'audit': {
      const entries: AuditEntry[] = [];
      for (let total = Infinity; entries.length < Math.min(total, command.limit); ) {
        const page = await channel.send({
          command: 'audit',
          offset: entries.length,
          limit: Math.min(ADMIN_PAGE_MAX, command.limit - entries.length),
        });
        entries.push(...page.entries);
        total = page.entries.length === 0 ? entries.length : page.total;
      }
      if (!entries.length) return `no changes recorded yet ${via(channel)}\n`;
      const rows = entries.map((e) => [
        e.at,
        e.actor,
        e.accountEmail,
        `${e.change.feature} ${onOff(e.change.from)} → ${onOff(e.change.to)}`,
      ]);
      return `${table([['AT', 'BY', 'ACCOUNT', 'CHANGE'], ...rows])}${entries.length} change${entries.length === 1 ? '' : 's'}, newest first ${via(channel)}\n`;
    }
  }
}

/** Columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
