/**
 * What a `sso-gateway` command is to the dispatcher in run.ts: its help texts and a `run` that
 * returns an exit code. Also how a command reports a wrong command line, which run.ts answers
 * with the command's usage and exit code 2.
 */

/** 0 success, 1 the command ran and failed, 2 the command line is wrong, 3 (health) findings, (apply) not all applied. */
export type ExitCode = 0 | 1 | 2 | 3;

export interface Command {
  /** One line in `sso-gateway --help`. */
  summary: string;
  /** `sso-gateway <command> --help`, also printed after a usage error. */
  usage: string;
  run(args: string[]): Promise<ExitCode>;
}

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** `parseArgs`, with its complaints (unknown option, missing value) turned into usage errors. */
export function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}
