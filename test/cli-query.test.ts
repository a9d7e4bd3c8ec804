/**
 * The command line as people type it: `query` with the document inline, from a file or from
 * standard input, `--output table`, `--version`, GNU-style `--help` for every command and the bash
 * completion script, run by bash itself. The launcher runs in a child process; gateways listen on
 * 127.0.0.1:0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResultTables } from '../src/cli/result-tables.ts';
import { cli } from './cli-runner.ts';
import { type Stack, startStack } from './harness.ts';

const COMMANDS = ['serve', 'print-schema', 'check-config', 'query', 'health', 'plan', 'apply', 'completion'];
const ACCOUNTS = '{ vantageManagedAccounts(first: 2) { edges { node { id token emailDomain } } } }';

let dir = '';
let stack: Stack;
let url = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sso-gateway-cli-query-'));
  stack = await startStack({ providers: ['vantage'] });
  url = `${stack.url}/graphql`;
});
afterAll(async () => {
  await stack.close();
  await rm(dir, { recursive: true, force: true });
});

function accountTokens(stdout: string): string[] {
  const body = JSON.parse(stdout) as { data: { vantageManagedAccounts: { edges: { node: { token: string } }[] } } };
  return body.data.vantageManagedAccounts.edges.map((edge) => edge.node.token);
}

describe('sso-gateway query: where the document comes from', () => {
  it('takes the same document inline, from a file and from standard input, with the same answer', async () => {
    const file = join(dir, 'accounts.graphql');
    await writeFile(file, ACCOUNTS);
    const inline = await cli(['query', ACCOUNTS, '--url', url]);
    const fromFile = await cli(['query', file, '--url', url]);
    const fromStdin = await cli(['query', '-', '--url', url], { stdin: ACCOUNTS });
    for (const result of [inline, fromFile, fromStdin]) expect(result.code).toBe(0);
    expect(accountTokens(inline.stdout)).toHaveLength(2);
    expect(accountTokens(fromFile.stdout)).toEqual(accountTokens(inline.stdout));
    expect(accountTokens(fromStdin.stdout)).toEqual(accountTokens(inline.stdout));
  });

  it('runs the operation --operation-name names in a document that holds several', async () => {
    const document = `query One { vantageManagedAccounts(first: 1) { edges { node { token } } } } ${ACCOUNTS.replace('{', 'query Two {')}`;
    const two = await cli(['query', document, '--operation-name', 'Two', '--url', url]);
    expect(two.code).toBe(0);
    expect(accountTokens(two.stdout)).toHaveLength(2);
    const unnamed = await cli(['query', document, '--url', url]);
    expect(unnamed.code).toBe(1);
  });

  it('exits 2 on empty standard input, a missing file or a second operand, before sending anything', async () => {
    const empty = await cli(['query', '-', '--url', url], { stdin: '   ' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('standard input held no document');
    expect((await cli(['query', ACCOUNTS, 'extra', '--url', url])).code).toBe(2);
    const missing = await cli(['query', join(dir, 'no-such.graphql'), '--url', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
  });
});

describe('sso-gateway query --output table', () => {
  it('prints a list of nodes as a table with a row per node and a column per field', async () => {
    const json = await cli(['query', ACCOUNTS, '--url', url]);
    const table = await cli(['query', ACCOUNTS, '--url', url, '--output', 'table']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('vantageManagedAccounts (2 rows)');
    // Columns follow the answer's key order, which the executor may settle in its own order.
    const columns = lines[1]?.split(/\s{2,}/) ?? [];
    expect([...columns].sort()).toEqual(['emailDomain', 'id', 'token']);
    const tokens = accountTokens(json.stdout);
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/)[columns.indexOf('token')])).toEqual(tokens);
  });

  it('names the errors on stderr and exits 1; refuses an unknown format with exit 2', async () => {
    const result = await cli(['query', '{ logtoSsoConnectors(first: 1) { edges { node { __typename } } } }', '--url', url, '-o', 'table']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .* at logtoSsoConnectors \[PROVIDER_NOT_CONFIGURED\]/);
    const bad = await cli(['query', ACCOUNTS, '--url', url, '--output', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--output must be json or table');
  });

  it('escapes control characters and bidi overrides so that upstream text cannot drive the terminal', () => {
    const hostile = {
      connections: { nodes: [{ name: 'evil\u001b[2J\u001b]0;owned\u0007', note: 'abc\u202edcba', domains: ['a.example', 'b\r.example'] }] },
    };
    const text = formatResultTables(hostile);
    for (const raw of ['\u0007', '\u001b', '\r', '\u202e']) expect(text).not.toContain(raw);
    expect(text).toContain('evil\\u001b[2J\\u001b]0;owned\\u0007');
    expect(text).toContain('abc\\u202edcba');
    expect(text).toContain('a.example, b\\u000d.example');
  });

  it('shows data without a list as paths and values, and nested objects as dotted columns', () => {
    expect(formatResultTables({ viewer: { caller: { id: 'c1', scopes: ['sso:read'] } } })).toBe(
      'path                  value\nviewer.caller.id      c1\nviewer.caller.scopes  sso:read',
    );
    const nested = formatResultTables({ list: [{ a: 1, b: { c: 'x', d: { e: { f: 1 } } } }, null] });
    expect(nested.split('\n')[1]?.split(/\s{2,}/)).toEqual(['a', 'b.c', 'b.d.e']);
    expect(nested.split('\n')[2]?.split(/\s{2,}/)).toEqual(['1', 'x', '{…}']);
  });
});

describe('sso-gateway --version, --help and completion', () => {
  it('prints package.json’s version', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await cli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(`sso-gateway ${manifest.version}`);
    }
  });

  it('lists every option of every command one per line in GNU style, --help included', async () => {
    for (const command of COMMANDS) {
      const result = await cli([command, '--help']);
      expect(result.code).toBe(0);
      const [, options = ''] = result.stdout.split('\nOptions:\n');
      const lines = options.trimEnd().split('\n');
      for (const line of lines) expect(line).toMatch(/^ {2}(-[A-Za-z], | {4})--[a-z][a-z-]*( [A-Z_]+)? {3,}\S/);
      expect(lines.at(-1)).toMatch(/^ {2}-h, --help /);
    }
  });

  it('writes a bash script whose completions are the commands, their options and their values', async () => {
    const script = await cli(['completion', 'bash']);
    expect(script.code).toBe(0);
    const complete = (words: string[]): string[] => {
      const probe = `${script.stdout}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _sso_gateway; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const result = spawnSync('bash', ['-c', probe], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      return result.stdout.split('\n').filter(Boolean).sort();
    };
    expect(complete(['sso-gateway', ''])).toEqual([...COMMANDS, '--help', '--version', '-V', '-h'].sort());
    expect(complete(['sso-gateway', 'health', '--f'])).toEqual(['--fail-on']);
    expect(complete(['sso-gateway', 'health', '--fail-on', 'C'])).toEqual(['CRITICAL']);
    expect(complete(['sso-gateway', 'query', '--output', ''])).toEqual(['json', 'table']);
    expect(complete(['sso-gateway', 'query', '--o'])).toEqual(['--operation-name', '--output']);
    expect(complete(['sso-gateway', 'completion', ''])).toEqual(['bash']);
    expect((await cli(['completion', 'fish'])).code).toBe(2);
  });
});
