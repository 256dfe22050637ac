// `iam-policy-lab check`: validates policy files and folders (docs/formats.md, section 1).
import { loadCatalog } from '../node/catalogFiles';
import type { Catalog } from '../iam/catalog';
import { parsePolicy } from '../iam/parser';
import type { ParsedPolicy } from '../iam/parser';
import { isPolicyType, POLICY_TYPES } from '../iam/policyTypes';
import type { PolicyTypeOption } from '../iam/policyTypes';
import type { Severity } from '../iam/findings';
import { ALL_RULES, validatePolicy } from '../iam/validator';
import type { SeverityOverrides } from '../iam/validator';
import { formatOptions, HELP_OPTION, parseArgs } from './args';
import type { OptionSpec } from './args';
import { collectInputFiles, readTextFile, type InputFile } from './inputFiles';
import { walkErrorLine, type WalkError } from '../node/folderWalk';
import { countSeverities, formatDiagnosticLine, plural, toDiagnostics } from './printer';
import type { Diagnostic, FileReport } from './printer';
import { toSarif } from './sarif';
import { EVERY_FINDING_RULE } from '../iam/findingCodes';
import { checkTemplateText, checkTerraformFile, withModuleFindings } from './templateFiles';
import { baselineStates, newErrors, readBaseline, writeBaseline, type BaselineState } from './baseline';
import { TEMPLATE_RULES } from '../iam/templates/index';
import { resolve } from 'node:path';
import {
  checkAuthorizationDetailsText,
  checkModelFile,
  checkTestFileReport,
  MODEL_FILE,
  policyFilesOfModels,
  LastLoaded,
  TEST_FILE,
  type PolicyFilesOfModels,
} from './checkModels';

export const summary = 'validate policy documents';

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'type',
    short: 't',
    kind: 'value',
    valueName: 'T',
    choices: ['auto', ...POLICY_TYPES],
    default: 'auto',
    description: 'policy type; auto infers it from each document',
  },
  { name: 'format', short: 'f', kind: 'value', valueName: 'F', choices: ['text', 'json', 'sarif'], default: 'text', description: 'output format' },
  {
    name: 'severity',
    short: 's',
    kind: 'list',
    valueName: 'RULE=LEVEL',
    description: "set a rule's severity: error, warning, info, hint or off (e.g. --severity policySize=off)",
  },
  { name: 'baseline', kind: 'value', valueName: 'FILE', description: 'report every finding, but exit 1 only for error findings not in this baseline' },
  {
    name: 'write-baseline',
    kind: 'value',
    valueName: 'FILE',
    description: "record today's findings in FILE (matched later by rule, file and policy path, not by line); exit 0 once written",
  },
  HELP_OPTION,
];

const HELP = `usage: iam-policy-lab check [--type T] [--format text|json|sarif] [--severity RULE=LEVEL]... [--baseline FILE] [--write-baseline FILE] <file-or-folder>...

Validates AWS IAM policy documents offline, as IAM Access Analyzer's policy validation does.

options:
${formatOptions(OPTIONS)}

Files named on the command line are always checked; "-" reads one policy from standard input. Folders are walked
for *.json, *.yaml, *.yml, *.template and *.tf files, skipping node_modules and names that start with a dot.

Templates: a file whose content is a CloudFormation or SAM template (AWSTemplateFormatVersion, a SAM transform, or
resources typed AWS::...), in JSON or YAML, or the JSON of a Terraform plan (terraform show -json), is checked as
one: every policy document in it is validated as its own type (trust, identity, resource, SCP, ...), intrinsic
functions are resolved where the template determines them (parameter defaults, pseudo parameters, the template's
resources) and never reported as errors, and findings point at the template's lines; each names its policy ("in
inline policy Read of AWS::IAM::Role AppRole"). A YAML file that is not a template is skipped. A .tf file is read
with the other .tf files of its folder (its module): policies in jsonencode(...), heredoc or quoted JSON, file(...)
and aws_iam_policy_document data blocks, with var., local., data.aws_caller_identity and resource references
resolved like intrinsics; the policies of local modules it calls are checked with each call's inputs (one instance
per count/for_each) and reported in the module's file, naming the call. With --type auto, a JSON file found in a
folder that is not a policy document (no top-level Statement or Version, and not a broken attempt at one) is skipped
and listed as skipped in text output; with an explicit --type every *.json file found is checked as that type. A
JSON file above 16 MB that is no model, export or template is not read as a policy: skipped in a folder, refused
(exit 2) when named or typed.
Account models (*.iam-model.json) are checked as models, each inline policy as its type, and test files
(*.iam-test.json) against their model. With --type auto, a policy file a checked model names is checked as the type
the model gives it (an SCP, an RCP, a boundary, a trust or resource policy).

Output: text prints "file:line:column severity rule message [AWS code]" (one-based) and a summary; json prints
[{ "file", "type", "diagnostics": [{ "code", "awsCode", "severity", "message", "range" }] }] with zero-based
positions (for a template "type" is "template", "template" its kind, "policies" the policies found, and each
diagnostic has "policy": { "label", "path", "type" }); sarif prints SARIF 2.1.0.

Bad input:
  - JSON syntax errors, an empty file, comments, characters AWS rejects and nesting too deep to be a policy are
    findings of severity error (rules jsonSyntax, jsonComment, invalidCharacter): exit 1.
  - A file that cannot be read (missing, permission denied, a broken link, not a regular file), a binary file (it
    holds a NUL byte) or a file that is not valid UTF-8 gets a one-line message on stderr naming the file; the other
    files are still checked, and the exit code is 2. A leading UTF-8 byte-order mark is ignored.

Baselines: --write-baseline FILE records today's findings; --baseline FILE still reports every finding but exits 1
only for error findings the baseline does not hold; every finding it does not hold is marked "(new: not in the
baseline)". Findings are matched by rule, file (recorded relative to the baseline's folder, so any working directory
works) and the policy's path inside the file (for a template, e.g.
Resources.AppRole.Properties.Policies[0].PolicyDocument), not by line, so edits elsewhere do not break the match.

Exit codes: 0 nothing of severity error (with --write-baseline alone: the baseline was written), 1 at least one
error finding (with --baseline, even beside --write-baseline: one not in the baseline), 2 bad usage or an unreadable
or undecodable input file or baseline (2 wins over 1; a baseline written from unreadable input still exits 2).
`;

export async function run(argv: readonly string[]): Promise<number> {
  const parsedArgs = parseArgs(argv, OPTIONS);
  if (!parsedArgs.ok) {
    process.stderr.write(`iam-policy-lab check: ${parsedArgs.error}\nRun 'iam-policy-lab check --help' for usage.\n`);
    return 2;
  }
  const args = parsedArgs.args;
  if (args.flag('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.positionals.length === 0) {
    process.stderr.write(`iam-policy-lab check: no file or folder given\nRun 'iam-policy-lab check --help' for usage.\n`);
    return 2;
  }
  const typeOption = args.value('type') ?? 'auto';
  const type: PolicyTypeOption = typeOption === 'auto' || !isPolicyType(typeOption) ? 'auto' : typeOption;
  const format = args.value('format') ?? 'text';
  const severities = parseSeverities(args.list('severity'));
  if (typeof severities === 'string') {
    process.stderr.write(`iam-policy-lab check: ${severities}\n`);
    return 2;
  }

  const baseline = args.value('baseline') !== undefined ? readBaseline(args.value('baseline') as string) : undefined;
  if (typeof baseline === 'string') {
    process.stderr.write(`iam-policy-lab check: ${baseline}\n`);
    return 2;
  }

  const inputErrors: WalkError[] = [];
  const collected = collectInputFiles(args.positionals);
  inputErrors.push(...collected.errors);
  for (const error of collected.errors) process.stderr.write(`iam-policy-lab check: ${walkErrorLine(error)}\n`);

  const catalog = loadCatalog();
  const reports: FileReport[] = [];
  const skipped: Skipped[] = [];
  const models: PolicyFilesOfModels =
    type === 'auto'
      ? await policyFilesOfModels(collected.files.map((f) => f.path).filter((p) => MODEL_FILE.test(p)))
      : { types: new Map(), findings: new Map(), last: new LastLoaded() };
  for (const file of collected.files) {
    const outcome = await checkFile(file, { type, catalog, severities, models });
    if (outcome.kind === 'report') reports.push(outcome.report);
    else if (outcome.kind === 'skipped') skipped.push({ path: file.path, ...(outcome.why !== undefined ? { why: outcome.why } : {}) });
    else {
      inputErrors.push(outcome.error);
      process.stderr.write(`iam-policy-lab check: ${walkErrorLine(outcome.error)}\n`);
    }
  }

  // Local modules' findings as the checked files' module calls instantiate them, in the modules' files.
  reports.splice(0, reports.length, ...withModuleFindings(reports));
  const totals = countSeverities(reports);
  const states = baseline ? baselineStates(reports, baseline) : undefined;
  const fresh = states ? newErrors(states) : undefined;
  process.stdout.write(renderReports(format, reports, { totals, skipped, inputErrors, ...(states ? { states } : {}) }));
  const baselineOut = args.value('write-baseline');
  if (baselineOut !== undefined) {
    const failed = writeBaseline(baselineOut, reports);
    if (failed) {
      process.stderr.write(`iam-policy-lab check: ${failed}\n`);
      return 2;
    }
  }
  if (inputErrors.length > 0) return 2;
  // Checking against a baseline decides first, even when the same run records the next one: new errors still fail.
  if (fresh) return fresh.size > 0 ? 1 : 0;
  // Recording alone is the run's job: the findings are today's, written down, not a failure of the step that records them.
  if (baselineOut !== undefined) return 0;
  return totals.error > 0 ? 1 : 0;
}

type FileOutcome =
  | { readonly kind: 'report'; readonly report: FileReport }
  | { readonly kind: 'skipped'; readonly why?: string }
  | { readonly kind: 'unreadable'; readonly error: WalkError };

/** A file found that is not checked, and why when it is not what its name says (see renderReports). */
interface Skipped {
  readonly path: string;
  readonly why?: string;
}

/**
 * The largest JSON file read as a policy. No policy AWS accepts is above 32 KB (a key policy), and a file's position
 * tree takes about twenty times its size in memory: a 200 MB data file found in a folder ran the process out of memory.
 */
const MAX_POLICY_FILE_CHARS = 16 * 1024 * 1024;

/** One input file: a Terraform module file, a template, a policy document, or something `check` skips. */
async function checkFile(
  file: InputFile,
  options: {
    readonly type: PolicyTypeOption;
    readonly catalog: Catalog;
    readonly severities: SeverityOverrides;
    readonly models: PolicyFilesOfModels;
  },
): Promise<FileOutcome> {
  const { type, catalog, severities, models } = options;
  const read = readTextFile(file.path);
  if (!read.ok) return { kind: 'unreadable', error: { path: file.path, reason: read.error } };
  if (MODEL_FILE.test(file.path)) return { kind: 'report', report: await checkModelFile(file.path, read.text, { catalog, severities }, models.last) };
  if (TEST_FILE.test(file.path)) return { kind: 'report', report: await checkTestFileReport(file.path, read.text, { catalog, severities }) };
  if (file.path.endsWith('.tf')) return { kind: 'report', report: await checkTerraformFile(file.path, read.text, { catalog, severities }) };
  // A template says so in its content; its policies carry their own types, so --type does not apply to them.
  const template = checkTemplateText(file.path, read.text, { catalog, severities });
  if (template) return { kind: 'report', report: template };
  if (!file.path.endsWith('.json') && file.path !== '-') return { kind: 'skipped' };
  // An authorization-details export: its policies, each as its type (an export is not one policy).
  const exported = checkAuthorizationDetailsText(file.path, read.text, { catalog, severities });
  if (exported) return { kind: 'report', report: exported };
  // A policy file that a model names is checked as what the model makes it (an SCP, a boundary, a trust policy…).
  const absolute = file.path === '-' ? undefined : resolve(file.path);
  const typeInModel = absolute === undefined ? undefined : models.types.get(absolute);
  // A file found in a folder that nothing says is a policy: skipped unless it looks like one.
  const mayBeSkipped = !file.explicit && type === 'auto' && typeInModel === undefined;
  if (read.text.length > MAX_POLICY_FILE_CHARS) {
    const size = `${Math.round(read.text.length / (1024 * 1024))} MB`;
    if (mayBeSkipped) return { kind: 'skipped', why: `${size}, too large to be a policy document` };
    const reason = `it is ${size}: no policy AWS accepts is above 32 KB, and files above ${MAX_POLICY_FILE_CHARS / (1024 * 1024)} MB are not read as policies`;
    return { kind: 'unreadable', error: { path: file.path, reason } };
  }
  const parsed = parsePolicy(read.text);
  if (mayBeSkipped && !looksLikePolicy(parsed)) return { kind: 'skipped' };
  const result = validatePolicy(parsed, { type: typeInModel ?? type, catalog, severities });
  const fromModels = (absolute === undefined ? undefined : models.findings.get(absolute)) ?? [];
  const findings = fromModels.length === 0 ? result.findings : [...result.findings, ...fromModels].sort((a, b) => a.span.offset - b.span.offset);
  return { kind: 'report', report: { file: file.path, type: result.type, diagnostics: toDiagnostics(read.text, findings) } };
}

/** What `check` prints on stdout in each format (docs/formats.md, section 1). */
function renderReports(
  format: string,
  reports: readonly FileReport[],
  run: {
    readonly totals: ReturnType<typeof countSeverities>;
    readonly skipped: readonly Skipped[];
    /** Files and folders that could not be read: on stderr, and in JSON and SARIF as a finding of their own. */
    readonly inputErrors: readonly WalkError[];
    /** With --baseline: each finding new or in the baseline (JSON `baseline`, SARIF `baselineState`). */
    readonly states?: ReadonlyMap<Diagnostic, BaselineState>;
  },
): string {
  const { totals, skipped, inputErrors, states } = run;
  const unreadable = inputErrors.map(unreadableReport);
  if (format === 'json')
    return `${JSON.stringify([...(states ? withBaselineStates([...reports, ...unreadable], states) : [...reports, ...unreadable])], null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(toSarif([...reports, ...unreadable], EVERY_FINDING_RULE, states), null, 2)}\n`;
  // Text marks every finding the baseline does not hold (a reviewer wants the new warning too); the summary counts the
  // errors among them apart, as they alone fail the run.
  const fresh = states ? newErrors(states) : undefined;
  let otherNew = 0;
  const lines: string[] = [];
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) {
      const isNew = states?.get(diagnostic) === 'new';
      if (isNew && !fresh?.has(diagnostic)) otherNew++;
      lines.push(`${formatDiagnosticLine(report.file, diagnostic)}${isNew ? ' (new: not in the baseline)' : ''}`);
    }
  }
  for (const { path, why } of skipped)
    lines.push(`skipped ${path}: ${why ?? (path.endsWith('.json') ? 'not a policy document' : 'not a CloudFormation, SAM or Terraform template')}`);
  const parts = [plural(totals.error, 'error'), plural(totals.warning, 'warning'), plural(totals.info + totals.hint, 'suggestion')];
  const extra = [
    fresh ? `${plural(fresh.size, 'error')} not in the baseline` : '',
    otherNew > 0 ? `${plural(otherNew, 'other finding')} not in the baseline` : '',
    skipped.length ? `${skipped.length} skipped` : '',
    inputErrors.length > 0 ? `${plural(inputErrors.length, 'input error')}` : '',
  ].filter(Boolean);
  lines.push(`${plural(reports.length, 'file')} checked: ${parts.join(', ')}${extra.length ? ` (${extra.join(', ')})` : ''}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A file or folder that could not be read, as a report of its own with one `unreadableFile` error at its start: a CI
 * job reading the JSON or SARIF sees it, not only the terminal (where it is the stderr line). Never in a baseline.
 */
function unreadableReport(error: WalkError): FileReport {
  const start = { line: 0, character: 0 };
  return {
    file: error.path,
    type: 'unreadable',
    diagnostics: [{ code: 'unreadableFile', severity: 'error', message: error.reason, range: { start, end: start } }],
  };
}

/** The JSON reports with each diagnostic's `baseline` state added (an additive field, only with --baseline). */
function withBaselineStates(reports: readonly FileReport[], states: ReadonlyMap<Diagnostic, BaselineState>): unknown[] {
  return reports.map((report) => ({
    ...report,
    diagnostics: report.diagnostics.map((diagnostic) => ({ ...diagnostic, baseline: states.get(diagnostic) ?? 'new' })),
  }));
}

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** `RULE=LEVEL` settings as validatePolicy takes them, or the message for a bad one. */
function parseSeverities(settings: readonly string[]): SeverityOverrides | string {
  const known = new Set([...ALL_RULES, ...TEMPLATE_RULES].map((rule) => rule.id));
  const result: Record<string, Severity | 'off'> = {};
  for (const setting of settings) {
    const [rule = '', level = ''] = setting.split('=', 2);
    if (!known.has(rule)) return `--severity ${setting}: unknown rule '${rule}'`;
    if (!LEVELS.has(level)) return `--severity ${setting}: the level must be error, warning, info, hint or off`;
    result[rule] = level as Severity | 'off';
  }
  return result;
}

const POLICY_VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const STATEMENT_KEY = /"statement"\s*:/i;

/**
 * A policy document, or a broken attempt at one: a top-level `Statement` (in any case, so that `"statement"` gets
 * its finding), a policy `Version`, or, when the JSON is too broken to have a tree, the text `"Statement":`.
 */
function looksLikePolicy(parsed: ParsedPolicy): boolean {
  const document = parsed.document;
  if (document) {
    return (
      document.properties.some((property) => property.key.toLowerCase() === 'statement') ||
      (typeof document.version?.value === 'string' && POLICY_VERSIONS.has(document.version.value))
    );
  }
  return STATEMENT_KEY.test(parsed.text);
}
