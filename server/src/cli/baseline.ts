// `check --baseline FILE` and `--write-baseline FILE`: today's findings recorded so that CI on an
// existing code base fails only on new ones. A finding is matched by rule, file and the policy's path inside the
// file (a template's `Resources.AppRole.Properties.Policies[0].PolicyDocument`, empty for a policy file), never by
// line, so edits elsewhere in a file do not break the match; the same rule twice in one policy counts twice. Each
// entry also records the finding's message, which decides which finding an entry accounts for: findings with an
// entry's message first, so that of two findings of a rule where the baseline holds one (a second misspelt action),
// the new one is marked new. A finding whose words changed (a catalog update changes a "did you mean") still matches
// an entry of its rule, file and policy, as the format promises; so does one of an older baseline without messages.
// Files are recorded relative to the baseline file's own folder, so the match does not depend on where `check` runs
// from or how its paths are spelt (`infra`, `./infra`, `/abs/infra`, `.` from inside `infra`).
import { writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { readRegularFile } from '../node/regularFile';
import type { Diagnostic, FileReport } from './printer';

export interface BaselineEntry {
  readonly file: string;
  readonly rule: string;
  readonly policy: string;
  readonly message?: string;
}

/** What a baseline's `file` paths are relative to: `baseline` in what we write; absent in older files, whose paths were relative to the working directory. */
const FILES_RELATIVE_TO_BASELINE = 'baseline';

interface BaselineFile {
  readonly version: 1;
  readonly filesRelativeTo?: typeof FILES_RELATIVE_TO_BASELINE;
  readonly findings: readonly BaselineEntry[];
}

/**
 * A checked file's path as a baseline in `folder` records it: resolved against the working directory, then relative
 * to that folder, with `/` separators on every system. Standard input (`-`) stays `-`.
 */
function baselinePath(file: string, folder: string): string {
  if (file === '-') return file;
  const fromFolder = relative(folder, resolve(file));
  // On Windows a file on another drive has no relative path: it stays absolute.
  return (isAbsolute(fromFolder) ? resolve(file) : fromFolder).split('\\').join('/');
}

function baselineFolder(baselineFile: string): string {
  return dirname(resolve(baselineFile));
}

function entryOf(report: FileReport, diagnostic: Diagnostic, folder: string): BaselineEntry {
  return { file: baselinePath(report.file, folder), rule: diagnostic.code, policy: diagnostic.policy?.path ?? '', message: stableMessage(diagnostic.message) };
}

/**
 * The message without the lines it names (`instantiated by module.app at main.tf:12`): an edit elsewhere in a file
 * moves them, and a baseline matches findings wherever they moved.
 */
function stableMessage(message: string): string {
  return message.replace(/( at [^\s,()]+):\d+/g, '$1');
}

function key(entry: BaselineEntry): string {
  return `${entry.file}\u0000${entry.rule}\u0000${entry.policy}`;
}

/** The key with the message: the entry a finding with that message is matched to first. */
function exactKey(entry: BaselineEntry): string {
  return `${key(entry)}\u0000${entry.message ?? ''}`;
}

export function writeBaseline(path: string, reports: readonly FileReport[]): string | undefined {
  const folder = baselineFolder(path);
  const findings = reports.flatMap((report) => report.diagnostics.map((diagnostic) => entryOf(report, diagnostic, folder)));
  findings.sort((a, b) => exactKey(a).localeCompare(exactKey(b)));
  const content: BaselineFile = { version: 1, filesRelativeTo: FILES_RELATIVE_TO_BASELINE, findings };
  try {
    writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
    return undefined;
  } catch (error) {
    return `cannot write the baseline ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * A baseline read: its entries counted by key, those with a message also by key and message (files relative to
 * `folder`), and that folder.
 */
export interface Baseline {
  readonly counts: ReadonlyMap<string, number>;
  readonly exactCounts: ReadonlyMap<string, number>;
  readonly folder: string;
}

/** The baseline's entries, counted by key; or the message for a file that cannot be read or is not a baseline. */
export function readBaseline(path: string): Baseline | string {
  let parsed: unknown;
  // Through the regular-file guard, like every file a user names: a FIFO or a device gets a message, not a hang.
  const read = readRegularFile(path);
  if (!read.ok) return `cannot read the baseline ${path}: ${read.error}`;
  try {
    parsed = JSON.parse(read.bytes.toString('utf8'));
  } catch (error) {
    return `cannot read the baseline ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const findings = (parsed as Partial<BaselineFile> | null)?.findings;
  if (!Array.isArray(findings)) return `${path} is not a baseline written by --write-baseline (no "findings" list)`;
  const folder = baselineFolder(path);
  // Older baselines (no `filesRelativeTo`) recorded paths relative to the working directory: read them as such.
  const relativeToBaseline = (parsed as Partial<BaselineFile>).filesRelativeTo === FILES_RELATIVE_TO_BASELINE;
  const counts = new Map<string, number>();
  const exactCounts = new Map<string, number>();
  const count = (counts: Map<string, number>, k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const entry of findings as unknown[]) {
    const e = entry as Partial<BaselineEntry>;
    if (typeof e.file !== 'string' || typeof e.rule !== 'string') continue;
    const file = relativeToBaseline ? e.file : baselinePath(e.file, folder);
    const read: BaselineEntry = { file, rule: e.rule, policy: typeof e.policy === 'string' ? e.policy : '' };
    count(counts, key(read));
    if (typeof e.message === 'string') count(exactCounts, exactKey({ ...read, message: e.message }));
  }
  return { counts, exactCounts, folder };
}

/**
 * Each finding as the baseline sees it: `unchanged` when an entry of the baseline accounts for it (each entry accounts
 * for one finding), `new` otherwise. The words are SARIF 2.1.0's `baselineState` values; a match ignores the line,
 * so an `unchanged` finding may have moved.
 */
export type BaselineState = 'new' | 'unchanged';

export function baselineStates(reports: readonly FileReport[], baseline: Baseline): Map<Diagnostic, BaselineState> {
  const left = new Map(baseline.counts);
  const exactLeft = new Map(baseline.exactCounts);
  const take = (counts: Map<string, number>, k: string): boolean => {
    const available = counts.get(k) ?? 0;
    if (available > 0) counts.set(k, available - 1);
    return available > 0;
  };
  const entries = reports.flatMap((report) => report.diagnostics.map((diagnostic) => ({ diagnostic, entry: entryOf(report, diagnostic, baseline.folder) })));
  const states = new Map<Diagnostic, BaselineState>(entries.map(({ diagnostic }) => [diagnostic, 'new']));
  // First the findings an entry with the same message accounts for, then the others by rule, file and policy.
  for (const { diagnostic, entry } of entries) {
    if (take(exactLeft, exactKey(entry)) && take(left, key(entry))) states.set(diagnostic, 'unchanged');
  }
  for (const { diagnostic, entry } of entries) {
    if (states.get(diagnostic) === 'new' && take(left, key(entry))) states.set(diagnostic, 'unchanged');
  }
  return states;
}

/** The error findings the baseline does not account for: they decide the exit code. */
export function newErrors(states: ReadonlyMap<Diagnostic, BaselineState>): Set<Diagnostic> {
  const found = new Set<Diagnostic>();
  for (const [diagnostic, state] of states) if (state === 'new' && diagnostic.severity === 'error') found.add(diagnostic);
  return found;
}
