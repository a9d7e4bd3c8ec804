/**
 * `sso-gateway <command>`: the command line for internal tooling (launched by bin/sso-gateway.js).
 *
 *   serve          the gateway, exactly as `npm start` runs it
 *   print-schema   the schema as SDL, byte for byte what `npm run schema:print` writes
 *   check-config   the environment validated by `loadConfig`, nothing started
 *   query          a GraphQL document POSTed to a running gateway
 *   health         a running gateway's SSO health report, as a table, for scheduled jobs
 *   plan           a change plan: a domain's SAML connections onto new IdP metadata
 *   apply          a change plan applied, step by step
 *   completion     a shell completion script made from the commands' option declarations
 *
 * Exit codes: 0 success, 1 the command ran and failed, 2 the command line itself is wrong,
 * 3 (health) findings at or above `--fail-on`, (apply) the plan is not APPLIED.
 * Each command (one file beside this one) imports what it needs only when it runs, so `query`
 * and `--help` do not pay for loading the schema, the configuration or the providers.
 */
import { readFileSync } from 'node:fs';
import { applyCommand } from './apply.ts';
import { checkConfigCommand } from './check-config.ts';
import { type Command, type ExitCode, optionLines, UsageError } from './command.ts';
import { completionCommand } from './completion.ts';
import { healthCommand } from './health.ts';
import { planCommand } from './plan.ts';
import { printSchemaCommand } from './print-schema.ts';
import { queryCommand } from './query.ts';
import { serveCommand } from './serve.ts';

/** In the order `--help` lists them. */
const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  'print-schema': printSchemaCommand,
  'check-config': checkConfigCommand,
  query: queryCommand,
  health: healthCommand,
  plan: planCommand,
  apply: applyCommand,
  completion: completionCommand(() => COMMANDS),
};

const GLOBAL_OPTIONS = [
  { name: 'help', short: 'h', text: 'print this help and exit' },
  { name: 'version', short: 'V', text: "print the gateway's version and exit" },
];

const USAGE = `Usage: sso-gateway <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(14)} ${command.summary}`)
  .join('\n')}

Options:
${optionLines(GLOBAL_OPTIONS)}

Run \`sso-gateway <command> --help\` for a command's options.
Exit codes: 0 success, 1 the command ran and failed, 2 the command line is wrong,
3 health findings at or above --fail-on.`;

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function run(argv: string[]): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(`sso-gateway ${packageVersion()}`);
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

/** package.json's version; read on demand so that no other command pays for it. */
function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
