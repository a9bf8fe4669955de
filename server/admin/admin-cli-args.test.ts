import { describe, expect, it } from 'vitest';
import { parseAdminArgs, UsageError } from './admin-cli-args.ts';

describe('admin CLI command line', () => {
  it.each([
    [[], { command: 'help' }],
    [['help'], { command: 'help' }],
    [['--help'], { command: 'help' }],
    [['list'], { command: 'list', search: '' }],
    [['list', '--search', 'ada lovelace'], { command: 'list', search: 'ada lovelace' }],
    [['list', '--search=ada'], { command: 'list', search: 'ada' }],
    [['enable', ' Ada@Example.com', 'recording'], { command: 'set', email: 'ada@example.com', feature: 'recording', on: true }],
    [['disable', 'ada@example.com', 'backgroundBlur'], { command: 'set', email: 'ada@example.com', feature: 'backgroundBlur', on: false }],
    [['audit'], { command: 'audit', limit: 20 }],
    [['audit', '--limit', '500'], { command: 'audit', limit: 500 }],
  ])('%j', (argv, command) => expect(parseAdminArgs(argv)).toEqual(command));

  it.each([
    [['remove'], /unknown command "remove"/],
    [['list', 'ada'], /list takes no argument "ada"/],
    [['list', '--search'], /--search needs a value/],
    [['list', '--limit', '3'], /unknown option --limit/],
    [['enable', 'ada@example.com', 'recording', 'extra'], /takes an email and a feature/],
    [['enable', 'recording', 'ada@example.com'], /"recording" is not an email address/],
    [['disable', 'ada@example.com', 'Recording'], /unknown feature "Recording"/],
    [['audit', '--limit', '0'], /--limit must be a whole number from 1 to 10000/],
    [['audit', '--limit', '2.5'], /--limit must be/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseAdminArgs(argv)).toThrow(UsageError);
    expect(() => parseAdminArgs(argv)).toThrow(message);
  });
});
