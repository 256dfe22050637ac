// `iam-policy-lab diff`: the access a policy change adds or removes on a model, for CI (docs/formats.md, section 1).
import { printableText } from '../iam/explain';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { absentPolicy, diffAccess, diffReportLines, type AccessChange } from '../iam/activity';
import { hostWithFile, loadModel } from '../iam/model';
import { loadCatalog } from '../node/catalogFiles';
import { readFileAtRevision } from '../node/gitFiles';
import { readRegularFile } from '../node/regularFile';
import { formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { cliModelHost, displayPath, locate, prepareAndLoadModel } from './loadModel';

export const summary = 'list the access a policy change adds or removes';

const OPTIONS: readonly OptionSpec[] = [
  { ...MODEL_OPTION, description: 'account model (*.iam-model.json) that uses the policy file' },
  {
    name: 'base',
    short: 'b',
    kind: 'value',
    valueName: 'FILE|REV',
    description: 'the version to compare with: a file, or a git revision (HEAD, main, a commit)',
  },
  FORMAT_OPTION,
  HELP_OPTION,
];

const HELP = `usage: iam-policy-lab diff --model M <policy-file> --base <file-or-git-revision> [--format text|json]

Compares the access the model grants with the policy file as it is against the model with the base version of that
file in its place (a file, or the file at a git revision). Every request that becomes allowed, and every one that
becomes denied, is listed by principal, action and resource, with the statement that grants it. The requests asked
about are the actions both versions name (wildcards expanded with the catalog) for the model's principals (those that
hold the policy, or all of them for a resource policy, SCP, RCP or trust policy), on the model's resources and those
the policy names, with contexts made from the policy's conditions. For a resource, trust or RCP policy, principals
outside the model are asked too: a user of each account the policy names that the model does not describe, standing
for its users and roles; the users, roles and identity providers it names; and a user of an account nobody names,
standing for anyone (docs/formats.md says which). The work is bounded; a cut-short
run says so.

options:
${formatOptions(OPTIONS)}

Exit code 0 when no request becomes allowed, 1 when one does (new access), 2 for bad usage or unreadable input.
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, {
    command: 'diff',
    options: OPTIONS,
    help: HELP,
    required: ['model', 'base'],
    positionals: { some: 'name the policy file that changed' },
  });
  if (typeof args === 'number') return args;
  if (args.positionals.length > 1) return usageError('diff', `unexpected argument '${args.positionals[1]}'`);
  const policyFile = resolve(args.positionals[0] as string);
  const modelPath = args.value('model') as string;
  if (!existsSync(policyFile)) {
    // A deleted policy takes access away and grants none; the model that named it no longer does.
    process.stderr.write(
      `iam-policy-lab diff: ${displayPath(policyFile)} does not exist: diff compares a policy file the model uses with its base version (a deleted policy grants nothing new; run the tests to see what it took away)\n`,
    );
    return 2;
  }
  const base = readBase(policyFile, args.value('base') as string);
  if ('error' in base) {
    process.stderr.write(`iam-policy-lab diff: ${base.error}\n`);
    return 2;
  }
  const current = await prepareAndLoadModel('diff', modelPath);
  if (current.failed) return 2;
  // A policy file the revision does not have is compared with what its absence meant (see absentPolicy).
  const baseText = 'absent' in base ? absentPolicy(current.model, policyFile) : base.text;
  const baseHost = hostWithFile(cliModelHost(), policyFile, baseText, (path, file) => resolve(path) === file);
  const baseModel = loadModel(modelPath, baseHost);
  const broken = baseModel.diagnostics.find((d) => d.severity === 'error');
  if (broken) {
    process.stderr.write(
      `iam-policy-lab diff: the model with the base version (${base.label}) does not load: ${locate(broken.file, broken.span)} ${printableText(broken.message)}\n`,
    );
    return 2;
  }
  const diff = diffAccess({ current: current.model, base: baseModel.model, policyFile, policyLabel: displayPath(policyFile), catalog: loadCatalog() });
  if ('error' in diff) {
    process.stderr.write(`iam-policy-lab diff: ${diff.error}\n`);
    return 2;
  }
  if (args.value('format') === 'json') {
    const change = (c: AccessChange) => ({
      principal: c.principal,
      ...(c.standsFor !== undefined ? { standsFor: c.standsFor } : {}),
      action: c.action,
      resource: c.resource,
      ...(Object.keys(c.context).length > 0 ? { context: c.context } : {}),
      because: c.because,
      ...(c.statement ? { where: locate(c.statement.file, c.statement) } : {}),
    });
    process.stdout.write(
      `${JSON.stringify({ base: base.label, newAccess: diff.newAccess.map(change), lostAccess: diff.lostAccess.map(change), checked: diff.checked, ...(diff.truncated ? { truncated: diff.truncated } : {}) }, null, 2)}\n`,
    );
  } else {
    const lines = diffReportLines(diff, { policy: displayPath(policyFile), base: base.label }, locate);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return diff.newAccess.length > 0 ? 1 : 0;
}

/** The base text: a file when one exists at that path, else the policy file at that git revision. */
function readBase(policyFile: string, base: string): { text: string; label: string } | { absent: true; label: string } | { error: string } {
  if (existsSync(base) && statSync(base).isFile()) {
    const read = readRegularFile(base);
    if (!read.ok) return { error: `${base}: ${read.error}` };
    return { text: read.bytes.toString('utf8'), label: displayPath(base) };
  }
  const atRevision = readFileAtRevision(policyFile, base);
  if ('error' in atRevision) return { error: `--base ${base} is neither a file nor a git revision that has ${displayPath(policyFile)}: ${atRevision.error}` };
  // A policy new since the revision is compared with one that allows nothing: all it grants is new.
  if ('absent' in atRevision) return { absent: true, label: `no ${displayPath(policyFile)} (it is not in ${base})` };
  return { text: atRevision.text, label: `${displayPath(policyFile)} at ${base}` };
}
