// `check --baseline FILE` and `--write-baseline FILE`: today's findings recorded so that CI on an
// existing code base fails only on new ones. A finding is matched by rule, file and the policy's path inside the
// file (a template's `Resources.AppRole.Properties.Policies[0].PolicyDocument`, empty for a policy file), never by
// line, so edits elsewhere in a file do not break the match; the same rule twice in one policy counts twice.
import { writeFileSync } from 'node:fs';
import { readRegularFile } from '../node/regularFile';
import type { Diagnostic, FileReport } from './printer';

export interface BaselineEntry {
  readonly file: string;
  readonly rule: string;
  readonly policy: string;
}

interface BaselineFile {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

function entryOf(report: FileReport, diagnostic: Diagnostic): BaselineEntry {
  return { file: report.file.split('\\').join('/'), rule: diagnostic.code, policy: diagnostic.policy?.path ?? '' };
}

function key(entry: BaselineEntry): string {
  return `${entry.file}\u0000${entry.rule}\u0000${entry.policy}`;
}

export function writeBaseline(path: string, reports: readonly FileReport[]): string | undefined {
  const findings = reports.flatMap((report) => report.diagnostics.map((diagnostic) => entryOf(report, diagnostic)));
  findings.sort((a, b) => key(a).localeCompare(key(b)));
  const content: BaselineFile = { version: 1, findings };
  try {
    writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
    return undefined;
  } catch (error) {
    return `cannot write the baseline ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The baseline's entries, counted by key; or the message for a file that cannot be read or is not a baseline. */
export function readBaseline(path: string): Map<string, number> | string {
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
  const counts = new Map<string, number>();
  for (const entry of findings as unknown[]) {
    const e = entry as Partial<BaselineEntry>;
    if (typeof e.file !== 'string' || typeof e.rule !== 'string') continue;
    const k = key({ file: e.file, rule: e.rule, policy: typeof e.policy === 'string' ? e.policy : '' });
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/**
 * Each finding as the baseline sees it: `unchanged` when an entry of the baseline accounts for it (each entry accounts
 * for one finding), `new` otherwise. The words are SARIF 2.1.0's `baselineState` values; a match ignores the line,
 * so an `unchanged` finding may have moved.
 */
export type BaselineState = 'new' | 'unchanged';

export function baselineStates(reports: readonly FileReport[], baseline: ReadonlyMap<string, number>): Map<Diagnostic, BaselineState> {
  const left = new Map(baseline);
  const states = new Map<Diagnostic, BaselineState>();
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) {
      const k = key(entryOf(report, diagnostic));
      const available = left.get(k) ?? 0;
      if (available > 0) left.set(k, available - 1);
      states.set(diagnostic, available > 0 ? 'unchanged' : 'new');
    }
  }
  return states;
}

/** The error findings the baseline does not account for: they decide the exit code. */
export function newErrors(states: ReadonlyMap<Diagnostic, BaselineState>): Set<Diagnostic> {
  const found = new Set<Diagnostic>();
  for (const [diagnostic, state] of states) if (state === 'new' && diagnostic.severity === 'error') found.add(diagnostic);
  return found;
}
