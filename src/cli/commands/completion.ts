// `loft completion bash|zsh|fish`: shell completion scripts generated from the command tree, so
// they never drift from the commands: subcommands (with aliases) and the flags of each command.

import type { Command, Option } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../errors.ts';

/** One command of the tree as completion sees it. */
interface Node {
  path: string;
  subcommands: Array<{ names: string[]; description: string }>;
  flags: Array<{ long?: string; short?: string; description: string }>;
}

/** Returns every command below `root` (root included, path ""). */
function nodes(root: Command): Node[] {
  const out: Node[] = [];
  const walk = (cmd: Command, path: string): void => {
    out.push({
      path,
      subcommands: cmd.commands.map((c) => ({ names: [c.name(), ...c.aliases()], description: c.description() })),
      flags: (cmd.options as Option[]).map((o) => ({ ...(o.long ? { long: o.long } : {}), ...(o.short ? { short: o.short } : {}), description: o.description })),
    });
    for (const c of cmd.commands) walk(c, path ? `${path} ${c.name()}` : c.name());
  };
  walk(root, '');
  return out;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Returns the bash completion script for the tree of `root`. */
export function bashCompletion(root: Command): string {
  const all = nodes(root);
  const steps = all.flatMap((n) => n.subcommands.flatMap((s) => s.names.map((name) => `    ${q(`${n.path}|${name}`)}) echo ${q(n.path ? `${n.path} ${s.names[0]}` : (s.names[0] as string))} ;;`)));
  const subs = all.map((n) => `    ${q(n.path)}) echo ${q(n.subcommands.map((s) => s.names[0]).join(' '))} ;;`);
  const flags = all.map((n) => `    ${q(n.path)}) echo ${q(['--help', ...n.flags.flatMap((f) => [f.long, f.short].filter((x): x is string => Boolean(x)))].join(' '))} ;;`);
  return `# bash completion for loft; load with: source <(loft completion bash)
_loft_step() {
  case "$1|$2" in
${steps.join('\n')}
  esac
}
_loft_subcommands() {
  case "$1" in
${subs.join('\n')}
  esac
}
_loft_flags() {
  case "$1" in
${flags.join('\n')}
  esac
}
_loft() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" next i
  for ((i = 1; i < COMP_CWORD; i++)); do
    next="$(_loft_step "$path" "\${COMP_WORDS[i]}")"
    [[ -n "$next" ]] && path="$next"
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$(_loft_flags "$path")" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$(_loft_subcommands "$path")" -- "$cur") )
  fi
}
complete -o default -F _loft loft
`;
}

/** Returns the zsh completion script (the bash one through bashcompinit). */
export function zshCompletion(root: Command): string {
  return `#compdef loft
# zsh completion for loft; load with: source <(loft completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(root).split('\n').slice(1).join('\n')}`;
}

/** Returns the fish completion script for the tree of `root`. */
export function fishCompletion(root: Command): string {
  const all = nodes(root);
  const steps = all.flatMap((n) => n.subcommands.flatMap((s) => s.names.map((name) => `        case ${q(`${n.path}|${name}`)}\n            echo ${q(n.path ? `${n.path} ${s.names[0]}` : (s.names[0] as string))}`)));
  const lines: string[] = [];
  for (const n of all) {
    for (const s of n.subcommands) lines.push(`complete -c loft -f -n ${q(`__loft_path_is ${q(n.path)}`)} -a ${q(s.names[0] as string)} -d ${q(s.description)}`);
    for (const f of n.flags) {
      const parts = [f.long ? `-l ${f.long.replace(/^--/, '')}` : '', f.short ? `-s ${f.short.replace(/^-/, '')}` : ''].filter(Boolean).join(' ');
      lines.push(`complete -c loft -n ${q(`__loft_path_is ${q(n.path)}`)} ${parts} -d ${q(f.description)}`);
    }
  }
  return `# fish completion for loft; load with: loft completion fish | source
function __loft_step
    switch "$argv[1]|$argv[2]"
${steps.join('\n')}
    end
end
function __loft_path
    set -l path ''
    for token in (commandline -opc)[2..-1]
        set -l next (__loft_step "$path" $token)
        test -n "$next"; and set path $next
    end
    echo $path
end
function __loft_path_is
    test (string join ' ' -- (__loft_path)) = "$argv[1]"
end
complete -c loft -f
${lines.join('\n')}
`;
}

/** Registers `loft completion SHELL` on `program`. */
export function registerCompletion(program: Command, ctx: CliContext): void {
  program
    .command('completion')
    .description('Print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', '\nExamples:\n  source <(loft completion bash)\n  loft completion fish | source\n')
    .action((shell: string) => {
      const generators: Record<string, (root: Command) => string> = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };
      const generate = generators[shell];
      if (!generate) throw new UsageError(`unsupported shell "${shell}": use bash, zsh or fish`);
      ctx.stdout.write(generate(program));
    });
}
