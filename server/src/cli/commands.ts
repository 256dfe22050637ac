// Command table. Each command module exports `run(args): Promise<number>` returning the exit code of docs/formats.md, section 1.
export interface CommandModule {
  readonly summary: string;
  run(args: readonly string[]): Promise<number>;
}

const commands: Record<string, () => Promise<CommandModule>> = {
  // One line per command: `name: () => import('./name')`, the module exporting `summary` and `run`.
  check: () => import('./check'),
  simulate: () => import('./simulate'),
  test: () => import('./test'),
  'who-can': () => import('./whoCan'),
  replay: () => import('./replay'),
  explain: () => import('./explain'),
  generate: () => import('./generate'),
  diff: () => import('./diff'),
  lsp: () => import('./lsp'),
};

const USAGE = `usage: iam-policy-lab <command> [options]

commands:
  check      validate policy documents            iam-policy-lab check [--type T] [--format text|json|sarif] <file-or-folder>...
  simulate   evaluate one request against a model iam-policy-lab simulate --model M --principal P --action A --resource R [--context K=V]...
  test       run policy test files                iam-policy-lab test [--format text|json] <test-file-or-folder>...
  who-can    list principals allowed a request    iam-policy-lab who-can --model M --action A --resource R
  replay     replay CloudTrail logs on a model    iam-policy-lab replay --model M [--format text|json] <logs>...
  explain    explain an AccessDenied on a model   iam-policy-lab explain [--model M] <message-or-record-file>
  generate   least privilege from CloudTrail      iam-policy-lab generate --model M --principal P [--format text|json] <logs>...
  diff       new access from a policy change      iam-policy-lab diff --model M <policy-file> --base <file-or-git-ref>
  lsp        start the language server            iam-policy-lab lsp --stdio
`;

export async function runCommand(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    // Loaded only here: a start (`lsp --stdio`) loads nothing it does not use.
    const { closestMatches } = await import('../iam/catalog');
    const meant = closestMatches(name, Object.keys(commands), 1)[0];
    process.stderr.write(`iam-policy-lab: unknown command '${name}'${meant !== undefined ? ` (did you mean '${meant}'?)` : ''}\n${USAGE}`);
    return 2;
  }
  return (await load()).run(rest);
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';
