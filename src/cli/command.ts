/**
 * What a `sso-gateway` command is to the dispatcher in run.ts, and `defineCommand`, which builds
 * one from its options. Each option is declared once, with its help line: `--help`, the shell
 * completion script and `parseArgs` all read the same declaration, so none can list an option
 * that another does not know.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** 0 success, 1 the command ran and failed, 2 the command line is wrong, 3 (health) findings, (apply) not all applied. */
export type ExitCode = 0 | 1 | 2 | 3;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What `parseArgs` gives for these options, typed by their declaration. */
export type ParsedArgs<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>;

/** The help line of one option: the value's placeholder (none for a switch) and what it does. */
export interface OptionHelp {
  value?: string;
  text: string;
  /** The values the option takes, when they are few (offered by shell completion). */
  choices?: readonly string[];
}

export interface CommandOption extends OptionHelp {
  name: string;
  short?: string;
}

export interface Command {
  /** One line in `sso-gateway --help`. */
  summary: string;
  /** `sso-gateway <command> --help`, also printed after a usage error. */
  usage: string;
  /** Every option the command takes, `--help` last, for the completion script. */
  options: readonly CommandOption[];
  /** What the completion script offers for an operand: files, a fixed list, or nothing. */
  operands: 'files' | readonly string[] | 'none';
  run(args: string[]): Promise<ExitCode>;
}

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

interface CommandSpec<O extends OptionsConfig> {
  name: string;
  summary: string;
  /** What follows `sso-gateway <name>` in the usage line, options aside (e.g. `DOCUMENT`). */
  operands?: string;
  description: string;
  options: O;
  help: { [K in keyof O]: OptionHelp };
  /** For shell completion: files (the default when `operands` is named), or these words. */
  completeOperands?: 'files' | readonly string[];
  run(parsed: ParsedArgs<O>): Promise<ExitCode>;
}

const HELP_OPTION: CommandOption = { name: 'help', short: 'h', text: 'print this help and exit' };

export function defineCommand<const O extends OptionsConfig>(spec: CommandSpec<O>): Command {
  const options: CommandOption[] = [
    ...Object.entries(spec.help as Record<string, OptionHelp>).map(([name, help]) => ({ name, short: spec.options[name]?.short, ...help })),
    HELP_OPTION,
  ];
  const operands = spec.operands ? ` ${spec.operands}` : '';
  return {
    summary: spec.summary,
    usage: `Usage: sso-gateway ${spec.name}${operands} [options]\n\n${spec.description}\n\nOptions:\n${optionLines(options)}`,
    options,
    operands: spec.completeOperands ?? (spec.operands ? 'files' : 'none'),
    run: (args) => spec.run(parseOrUsage(() => parseArgs({ args, options: spec.options, strict: true, allowPositionals: true }))),
  };
}

/**
 * GNU-style option lines (`  -o, --output FORMAT   text`): the layout that shells' generic
 * completion readers (zsh's `_gnu_generic`, fish's `complete --do-complete`) parse.
 */
export function optionLines(options: readonly CommandOption[]): string {
  const flags = options.map((option) => {
    const short = option.short ? `-${option.short}, ` : '    ';
    return `  ${short}--${option.name}${option.value ? ` ${option.value}` : ''}`;
  });
  const width = Math.max(...flags.map((flag) => flag.length)) + 3;
  return flags.map((flag, index) => `${flag.padEnd(width)}${options[index]?.text}`).join('\n');
}

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

/** For commands that take no operands: `allowPositionals` is on for all, so each says what it takes. */
export function noOperands(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
}
