/**
 * `sso-gateway serve`: the gateway itself, so the CLI starts it the one way `npm start` does.
 */
import { defineCommand, type ExitCode, noOperands, type ParsedArgs } from './command.ts';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'start the gateway (as npm start does)',
  description: `Starts the gateway exactly as \`npm start\` does: configured from the environment (see README,
Configuration), in sandbox mode when no provider credential is set. Stops on SIGTERM or SIGINT.`,
  options: {},
  help: {},
  run: serve,
});

async function serve({ positionals }: ParsedArgs<Record<never, never>>): Promise<ExitCode> {
  noOperands(positionals);
  // src/main.ts is the gateway's entry point: importing it starts the gateway the way `npm start`
  // does, with the same logging, start-up errors (exit 1) and signal handling. The process then
  // stays up for as long as the server does.
  await import('../main.ts');
  return 0;
}
