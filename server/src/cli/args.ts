// A small command-line argument parser shared by every command: long options (`--type identity`, `--type=identity`),
// one-letter aliases (`-t identity`), boolean flags, repeatable options, allowed-value lists, `--` to end options.
// It never exits or prints: it returns either the parsed arguments or one error message for the caller to print.

export interface OptionSpec {
  /** The long name without dashes: `type` for `--type`. */
  readonly name: string;
  /** A one-letter alias without the dash: `t` for `-t`. */
  readonly short?: string;
  /** `flag` takes no value; `value` takes one (the last one given wins); `list` may be repeated and collects all. */
  readonly kind: 'flag' | 'value' | 'list';
  /** The values accepted, when the set is closed. */
  readonly choices?: readonly string[];
  /** Used when the option is not given (only for `value`). */
  readonly default?: string;
  /** Shown in help as `--type <T>`. */
  readonly valueName?: string;
  readonly description: string;
}

export interface ParsedArgs {
  /** Arguments that are not options, in order. */
  readonly positionals: readonly string[];
  flag(name: string): boolean;
  /** The option's value, its default, or undefined. */
  value(name: string): string | undefined;
  /** Every value of a `list` option, in order (empty when none). */
  list(name: string): readonly string[];
}

export type ArgsResult = { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly error: string };

/** The `--help`/`-h` option every command accepts. */
export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', kind: 'flag', description: 'show this help and exit' };

/** `--model M`, as every command that decides requests on an account model takes it. */
/** `--context KEY=VALUE`, repeatable: the request's context (simulate, who-can, explain). */
export const CONTEXT_OPTION: OptionSpec = {
  name: 'context',
  short: 'c',
  kind: 'list',
  valueName: 'KEY=VALUE',
  description: 'request context; a key given twice is multi-valued',
};

export const MODEL_OPTION: OptionSpec = {
  name: 'model',
  short: 'm',
  kind: 'value',
  valueName: 'M',
  description: 'account model (*.iam-model.json) or authorization-details export',
};

/** `--format text|json`, for the commands whose output is a report or one JSON object. */
export const FORMAT_OPTION: OptionSpec = {
  name: 'format',
  short: 'f',
  kind: 'value',
  valueName: 'F',
  choices: ['text', 'json'],
  default: 'text',
  description: 'output format',
};

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ArgsResult {
  const byLong = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short !== undefined).map((spec) => [spec.short as string, spec]));
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // A lone "-" is a positional (conventionally standard input); so is anything not starting with a dash.
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const isLong = arg.startsWith('--');
    const body = isLong ? arg.slice(2) : arg.slice(1);
    const equals = body.indexOf('=');
    const name = equals >= 0 ? body.slice(0, equals) : body;
    const spec = isLong ? byLong.get(name) : byShort.get(name);
    if (!spec) return { ok: false, error: `unknown option '${isLong ? '--' : '-'}${name}'` };
    const shown = `--${spec.name}`;
    if (spec.kind === 'flag') {
      if (equals >= 0) return { ok: false, error: `option '${shown}' takes no value` };
      flags.add(spec.name);
      continue;
    }
    let value: string | undefined;
    if (equals >= 0) value = body.slice(equals + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    if (value === undefined) return { ok: false, error: `option '${shown}' needs a value` };
    if (spec.choices && !spec.choices.includes(value)) {
      return { ok: false, error: `option '${shown}' must be one of ${spec.choices.join(', ')}, not '${value}'` };
    }
    const existing = values.get(spec.name);
    if (spec.kind === 'list' && existing) existing.push(value);
    else values.set(spec.name, [value]);
  }

  const args: ParsedArgs = {
    positionals,
    flag: (name) => flags.has(name),
    value(name) {
      const given = values.get(name);
      return given ? given[given.length - 1] : byLong.get(name)?.default;
    },
    list: (name) => values.get(name) ?? [],
  };
  return { ok: true, args };
}

/** Help lines for the options, aligned: `  -t, --type <T>   policy type (default: auto)`. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((spec) => {
    const names = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.kind === 'flag' ? '' : ` <${spec.valueName ?? 'value'}>`}`;
    const extras = [
      spec.choices ? `one of: ${spec.choices.join(', ')}` : '',
      spec.default !== undefined ? `default: ${spec.default}` : '',
      spec.kind === 'list' ? 'repeatable' : '',
    ].filter(Boolean);
    return { names, text: extras.length ? `${spec.description} (${extras.join('; ')})` : spec.description };
  });
  const width = Math.max(...rows.map((row) => row.names.length)) + 3;
  return rows.map((row) => `  ${row.names.padEnd(width)}${wrapped(row.text, HELP_WIDTH - 2 - width).join(`\n${' '.repeat(2 + width)}`)}`).join('\n');
}

/** The width the help's prose is written to, which an option's description is wrapped to as well. */
const HELP_WIDTH = 120;

/** `text` in lines of at most `width` characters, broken at spaces (a word longer than that keeps its own line). */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}
