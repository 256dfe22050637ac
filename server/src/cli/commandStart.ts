// What every command does before its own work: parse the arguments, answer --help, and refuse stray or missing
// arguments with a usage message on stderr (exit code 2, as docs/formats.md says for bad usage).
import { parseArgs, type OptionSpec, type ParsedArgs } from './args';

export interface CommandShape {
  /** The command's name as typed: `who-can`. */
  readonly command: string;
  readonly options: readonly OptionSpec[];
  readonly help: string;
  /** Options that must be given. */
  readonly required?: readonly string[];
  /** `none`: positionals are an error; `some`: at least one is needed (with this message when there is none). */
  readonly positionals: 'none' | { readonly some: string };
}

/** Prints a usage error for the command and returns the exit code for bad usage. */
export function usageError(command: string, message: string): number {
  process.stderr.write(`iam-policy-lab ${command}: ${message}\nRun 'iam-policy-lab ${command} --help' for usage.\n`);
  return 2;
}

/** The parsed arguments, or the exit code to return at once (0 after --help, 2 after a usage error). */
export function startCommand(argv: readonly string[], shape: CommandShape): ParsedArgs | number {
  const parsed = parseArgs(argv, shape.options);
  if (!parsed.ok) return usageError(shape.command, parsed.error);
  const args = parsed.args;
  if (args.flag('help')) {
    process.stdout.write(shape.help);
    return 0;
  }
  if (shape.positionals === 'none' && args.positionals.length > 0) return usageError(shape.command, `unexpected argument '${args.positionals[0]}'`);
  if (shape.positionals !== 'none' && args.positionals.length === 0) return usageError(shape.command, shape.positionals.some);
  const missing = (shape.required ?? []).filter((name) => args.value(name) === undefined);
  if (missing.length > 0) return usageError(shape.command, `missing ${missing.map((m) => `--${m}`).join(', ')}`);
  return args;
}
