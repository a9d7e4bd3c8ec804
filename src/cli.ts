/**
 * `sso-gateway <command>`: the command line for internal tooling (launched by bin/sso-gateway.js).
 *
 *   serve          the gateway, exactly as `npm start` runs it
 *   print-schema   the schema as SDL, byte for byte what `npm run schema:print` writes
 *   check-config   the environment validated by `loadConfig`, nothing started
 *   query          a GraphQL document POSTed to a running gateway
 *   health         a running gateway's SSO health report, as a table, for scheduled jobs
 *
 * Exit codes: 0 success, 1 the command ran and failed, 2 the command line itself is wrong,
 * 3 (health) findings at or above `--fail-on`.
 * Each command imports what it needs only when it runs, so `query` and `--help` do not pay for
 * loading the schema or the providers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from './config/atoms.ts';
import { type Config, loadConfig, redisAddress } from './config/gateway.ts';
import type { ProviderId } from './providers/provider-id.ts';

type ExitCode = 0 | 1 | 2 | 3;

const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<ExitCode>;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'start the gateway (as npm start does)',
    usage: `Usage: sso-gateway serve

Starts the gateway exactly as \`npm start\` does: configured from the environment (see README,
Configuration), in sandbox mode when no provider credential is set. Stops on SIGTERM or SIGINT.`,
    run: serve,
  },
  'print-schema': {
    summary: 'print the GraphQL schema (SDL)',
    usage: `Usage: sso-gateway print-schema [--out FILE]

Prints the schema as SDL, sorted, exactly as schema.graphql holds it.

  --out FILE   write it to FILE instead of stdout`,
    run: printSchema,
  },
  'check-config': {
    summary: 'validate the environment without starting anything',
    usage: `Usage: sso-gateway check-config [--json]

Validates the environment as the gateway would at start-up, and prints the mode and which
providers are enabled. Exits 1 with the problem (naming the variable, never its value) when the
configuration is invalid.

  --json   print the result as JSON on stdout`,
    run: checkConfig,
  },
  query: {
    summary: 'send a GraphQL document to a running gateway',
    usage: `Usage: sso-gateway query FILE [--url URL] [--variables JSON|@FILE] [--header 'Name: value' ...]

POSTs the GraphQL document in FILE and prints the JSON response. Exits 1 when the HTTP status is
not 2xx or the response has errors.

  --url URL          the gateway's GraphQL endpoint (default ${DEFAULT_URL})
  --variables JSON   variables as a JSON object, or @FILE to read them from a file
  --header H         an extra request header, e.g. 'Authorization: Bearer …' (repeatable)`,
    run: query,
  },
  health: {
    summary: "print a running gateway's SSO health report; exit 3 on findings",
    usage: `Usage: sso-gateway health [--url URL] [--within-days N] [--fail-on SEVERITY] [--json] [--header 'Name: value' ...]

Asks a running gateway for Query.ssoHealth and prints the findings as a table, most urgent first.
Exits 3 when a finding is at or above --fail-on, 1 when the report cannot be had, 0 otherwise:
made for a scheduled job.

  --url URL           the gateway's GraphQL endpoint (default ${DEFAULT_URL})
  --within-days N     report certificates expiring within N days (default 30)
  --fail-on SEVERITY  INFO, WARNING, ERROR or CRITICAL (default ERROR)
  --json              print the report as JSON instead of a table
  --header H          an extra request header, e.g. 'Authorization: Bearer …' (repeatable)`,
    run: health,
  },
};

const USAGE = `Usage: sso-gateway <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(14)} ${command.summary}`)
  .join('\n')}

Run \`sso-gateway <command> --help\` for a command's options.`;

/** A mistake in the command line: reported with the command's usage, exit code 2. */
class UsageError extends Error {}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function run(argv: string[]): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    console.error(name === undefined ? USAGE : `unknown command: ${name}\n\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    // An unreadable file, an unreachable gateway: one line for the person at the terminal.
    console.error(`sso-gateway ${name}: ${describeError(error)}`);
    return 1;
  }
}

/** The message, and its cause's: `fetch` says only "fetch failed" and puts the reason in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** `parseArgs`, with its complaints (unknown option, missing value) turned into usage errors. */
function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------- serve

async function serve(args: string[]): Promise<ExitCode> {
  parseOrUsage(() => parseArgs({ args, options: {}, strict: true }));
  // src/main.ts is the gateway's entry point: importing it starts the gateway the way `npm start`
  // does, with the same logging, start-up errors (exit 1) and signal handling. The process then
  // stays up for as long as the server does.
  await import('./main.ts');
  return 0;
}

// --------------------------------------------------------------------------------- print-schema

async function printSchema(args: string[]): Promise<ExitCode> {
  const { values } = parseOrUsage(() => parseArgs({ args, options: { out: { type: 'string' } }, strict: true }));
  // The same function `npm run schema:print` uses, so the output cannot drift from schema.graphql.
  const { printSchemaFile } = await import('./graph/schema-file.ts');
  const sdl = printSchemaFile();
  if (values.out === undefined) {
    process.stdout.write(sdl);
  } else {
    await writeFile(values.out, sdl);
    console.error(`wrote ${values.out}`);
  }
  return 0;
}

// --------------------------------------------------------------------------------- check-config

type ConfigReport =
  | {
      valid: true;
      mode: Config['mode'];
      auth: Config['security']['auth']['mode'];
      enabled: ProviderId[];
      /** Each disabled provider with the variables that would enable it. */
      notEnabled: { provider: ProviderId; missing: string[] }[];
      /** Where replicas share state: Redis by `host:port` (never the URL: it may hold a password), or memory. */
      sharedState: { store: 'memory' } | { store: 'redis'; redis: string; keyPrefix: string; replicas: number };
    }
  | {
      valid: false;
      /** `ConfigError` messages name variables, never their values (see src/config.ts). */
      error: string;
      /** The variables the message names. */
      variables: string[];
    };

async function checkConfig(args: string[]): Promise<ExitCode> {
  const { values } = parseOrUsage(() => parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true }));
  const report = await describeConfig(process.env);
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
  } else if (report.valid) {
    console.log(formatValidConfig(report));
  } else {
    console.error(`invalid configuration: ${report.error}`);
  }
  return report.valid ? 0 : 1;
}

async function describeConfig(env: Record<string, string | undefined>): Promise<ConfigReport> {
  const { providers } = await import('./providers/index.ts');
  let config: Config;
  try {
    config = loadConfig(env, providers);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const variables = [...new Set(error.message.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [])];
    return { valid: false, error: error.message, variables };
  }
  // The sandbox serves a simulator of every provider whatever the environment says about them.
  const enabled = providers.filter((module) => config.mode === 'sandbox' || config.providers[module.id] !== undefined);
  return {
    valid: true,
    mode: config.mode,
    auth: config.security.auth.mode,
    enabled: enabled.map((module) => module.id),
    notEnabled: providers.filter((module) => !enabled.includes(module)).map((module) => ({ provider: module.id, missing: [...module.credentials] })),
    sharedState: describeSharedState(config),
  };
}

function describeSharedState({ sharedState: { redis, replicas } }: Config): Extract<ConfigReport, { valid: true }>['sharedState'] {
  return redis ? { store: 'redis', redis: redisAddress(redis.url), keyPrefix: redis.keyPrefix, replicas } : { store: 'memory' };
}

function formatValidConfig(report: Extract<ConfigReport, { valid: true }>): string {
  const lines = [
    'configuration is valid',
    `mode: ${report.mode}${report.mode === 'sandbox' ? ' (built-in simulators of every provider on loopback)' : ''}`,
    `auth: ${report.auth}`,
    `providers enabled: ${report.enabled.length > 0 ? report.enabled.join(', ') : 'none'}`,
    report.sharedState.store === 'redis'
      ? `shared state: Redis at ${report.sharedState.redis}, keys under ${report.sharedState.keyPrefix}, ${report.sharedState.replicas} replica(s)`
      : 'shared state: in memory (REDIS_URL not set)',
  ];
  if (report.notEnabled.length > 0) {
    lines.push('providers not enabled:', ...report.notEnabled.map(({ provider, missing }) => `  ${provider}: set ${missing.join(', ')}`));
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------- query

async function query(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        url: { type: 'string', default: DEFAULT_URL },
        variables: { type: 'string' },
        header: { type: 'string', multiple: true },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('query takes exactly one FILE');
  if (!URL.canParse(values.url)) throw new UsageError(`--url is not a URL: ${values.url}`);
  const headers = requestHeaders(values.header ?? []);
  const variables = await readVariables(values.variables);
  const document = await readFile(file, 'utf8');

  const response = await fetch(values.url, { method: 'POST', headers, body: JSON.stringify({ query: document, variables }) });
  const text = await response.text();
  const body = parseJsonObject(text);
  if (body === undefined) {
    console.error(`HTTP ${response.status}: the response is not a JSON object`);
    return 1;
  }
  console.log(JSON.stringify(body, null, 2));
  if (!response.ok) {
    console.error(`HTTP ${response.status}`);
    return 1;
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    console.error(`the response has ${body.errors.length} error(s)`);
    return 1;
  }
  return 0;
}

/** JSON in, with `--header` values added last so they can replace the defaults (e.g. `Accept`). */
function requestHeaders(lines: string[]): Headers {
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' });
  const extra = lines.map((line) => {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon < 1 || name === '') throw new UsageError(`--header must look like 'Name: value', got: ${line}`);
    return [name, line.slice(colon + 1).trim()] as const;
  });
  for (const [name] of extra) headers.delete(name);
  try {
    for (const [name, value] of extra) headers.append(name, value);
  } catch (error) {
    throw new UsageError(`--header: ${(error as Error).message}`);
  }
  return headers;
}

/** `--variables` as JSON text, or `@file` holding it; it must be an object. */
async function readVariables(option: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (option === undefined) return undefined;
  const text = option.startsWith('@') ? await readFile(option.slice(1), 'utf8') : option;
  const variables = parseJsonObject(text);
  if (variables === undefined) throw new UsageError('--variables must be a JSON object (or @FILE holding one)');
  return variables;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// --------------------------------------------------------------------------------------- health

async function health(args: string[]): Promise<ExitCode> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        url: { type: 'string', default: DEFAULT_URL },
        'within-days': { type: 'string', default: '30' },
        'fail-on': { type: 'string', default: 'ERROR' },
        json: { type: 'boolean', default: false },
        header: { type: 'string', multiple: true },
      },
      strict: true,
    }),
  );
  const table = await import('./insight/health-table.ts');
  const failOn = values['fail-on'].toUpperCase();
  if (!table.isSeverity(failOn)) throw new UsageError(`--fail-on must be INFO, WARNING, ERROR or CRITICAL, got: ${values['fail-on']}`);
  const withinDays = Number(values['within-days']);
  if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3650) throw new UsageError('--within-days must be a whole number from 0 to 3650');
  if (!URL.canParse(values.url)) throw new UsageError(`--url is not a URL: ${values.url}`);

  const response = await fetch(values.url, {
    method: 'POST',
    headers: requestHeaders(values.header ?? []),
    body: JSON.stringify({ query: table.HEALTH_QUERY, variables: { withinDays } }),
  });
  const body = parseJsonObject(await response.text());
  const report = (body?.data as { ssoHealth?: Parameters<typeof table.formatReport>[0] } | undefined)?.ssoHealth;
  if (!response.ok || !report) {
    const errors = Array.isArray(body?.errors) ? body.errors.map((error: { message?: unknown }) => String(error.message)).join('; ') : 'no report in the response';
    console.error(`HTTP ${response.status}: ${errors}`);
    return 1;
  }
  console.log(values.json ? JSON.stringify(report, null, 2) : table.formatReport(report));
  const failing = table.atOrAbove(report.findings, failOn);
  if (failing.length === 0) return 0;
  console.error(`${failing.length} finding(s) at or above ${failOn}`);
  return 3;
}
