/**
 * `sso-gateway completion bash`: a bash completion script written from the commands' own option
 * declarations (the ones `--help` prints), so completion cannot offer an option a command lacks.
 * zsh users load it through `bashcompinit`.
 */
import { type Command, defineCommand, type ExitCode, type ParsedArgs, UsageError } from './command.ts';

const SHELLS = ['bash'] as const;

/** `commands` is read when the command runs: run.ts holds the list, and this command is in it. */
export function completionCommand(commands: () => Readonly<Record<string, Command>>): Command {
  return defineCommand({
    name: 'completion',
    summary: 'print a shell completion script',
    operands: 'SHELL',
    completeOperands: SHELLS,
    description: `Prints a completion script for SHELL (bash) on stdout. Load it with
  source <(sso-gateway completion bash)
(in zsh, after \`autoload -U +X bashcompinit && bashcompinit\`).`,
    options: {},
    help: {},
    run: async ({ positionals }: ParsedArgs<Record<never, never>>): Promise<ExitCode> => {
      const [shell, ...extra] = positionals;
      if (shell === undefined || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell))
        throw new UsageError(`completion takes one SHELL: ${SHELLS.join(', ')}`);
      process.stdout.write(bashScript(commands()));
      return 0;
    },
  });
}

export function bashScript(commands: Readonly<Record<string, Command>>): string {
  const cases = Object.entries(commands).map(([name, command]) => {
    const words = command.options.flatMap((option) => [`--${option.name}`, ...(option.short ? [`-${option.short}`] : [])]);
    const values = command.options
      .filter((option) => option.choices)
      .map(
        (option) =>
          `        --${option.name}${option.short ? `|-${option.short}` : ''}) COMPREPLY=($(compgen -W "${option.choices?.join(' ')}" -- "$cur")); return ;;`,
      );
    const operands =
      command.operands === 'files'
        ? 'COMPREPLY=($(compgen -f -- "$cur"))'
        : command.operands === 'none'
          ? 'COMPREPLY=()'
          : `COMPREPLY=($(compgen -W "${command.operands.join(' ')}" -- "$cur"))`;
    return `    ${name})
      case "$prev" in
${values.join('\n')}
      esac
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${words.join(' ')}" -- "$cur")); else ${operands}; fi ;;`;
  });
  return `# sso-gateway completion for bash (sso-gateway completion bash)
_sso_gateway() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${Object.keys(commands).join(' ')} --help -h --version -V" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -o filenames -F _sso_gateway sso-gateway
`;
}
