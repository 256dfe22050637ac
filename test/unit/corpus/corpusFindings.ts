/**
 * The corpus of AWS's own example policies (test/corpus/, described in its README): loading it, and turning what the
 * validator says about each policy into the lines kept in the expected-findings files. Shared by the corpus test and
 * by `node scripts/corpus.mjs`, which rewrites those files and prints the numbers the READMEs quote, so that the test
 * and the files it compares with cannot drift apart in format.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { validatePolicy } from '../../../server/src/iam/validator/validatePolicy';
import { LineIndex } from '../../../server/src/iam/span';
import type { Catalog } from '../../../server/src/iam/catalog/types';
import type { Finding, Severity } from '../../../server/src/iam/findings';
import { isPolicyType } from '../../../server/src/iam/policyTypes';
import type { PolicyType } from '../../../server/src/iam/policyTypes';

/** A mistake in an example (one AWS presents as wrong, or a typo in one it presents as right), with the rule ids of
 * which at least one must report it. */
export interface KnownMistake {
  readonly why: string;
  readonly expect: readonly string[];
}

export interface CorpusPolicy {
  readonly corpus: string;
  readonly name: string;
  readonly type: PolicyType;
  /** The AWS documentation page or the sample repository file the document was taken from. */
  readonly source: string;
  /** AWS shows the example as the wrong way to write a policy. */
  readonly awsSaysIncorrect?: KnownMistake;
  /** AWS shows the example as right, but its text has a slip that IAM would refuse or misread. */
  readonly awsTypo?: KnownMistake;
  /** Why the validator does not catch the mistake yet: the test then asserts it still misses it, so that whoever
   * teaches the validator to catch it removes this note. */
  readonly knownMiss?: string;
  /** Text AWS asks the reader to replace (`account-id`, `<my-vpc>`): the only places an error may point at. */
  readonly fillIns?: readonly string[];
  /** The document exactly as it is validated: the source's JSON pretty-printed with two spaces, or, where the source
   * repeats a key (which parsing would erase), the source's own text. */
  readonly text: string;
}

/** One line per finding: `rule severity line:column «the text it points at»` (one-based, the text cut at 60). */
export type FindingLine = string;

export function corpusRoot(repoRoot: string): string {
  return join(repoRoot, 'test', 'corpus');
}

export function corpusNames(repoRoot: string): string[] {
  const dir = corpusRoot(repoRoot);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'policies.json')))
    .map((entry) => entry.name)
    .sort();
}

export function loadCorpus(repoRoot: string, corpus: string): CorpusPolicy[] {
  const file = join(corpusRoot(repoRoot), corpus, 'policies.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected an array of policies`);
  const names = new Set<string>();
  return raw.map((item: unknown, index) => {
    const entry = item as Record<string, unknown>;
    const { name, type, source, policy, text, awsSaysIncorrect, awsTypo, knownMiss, fillIns } = entry;
    const where = `${file} [${index}]`;
    if (typeof name !== 'string' || names.has(name)) throw new Error(`${where}: "name" must be a unique string`);
    names.add(name);
    if (typeof type !== 'string' || !isPolicyType(type)) throw new Error(`${where}: "type" must be a policy type`);
    if (typeof source !== 'string' || !/^https:\/\//.test(source)) throw new Error(`${where}: "source" must be a URL`);
    if ((policy === undefined) === (typeof text !== 'string')) throw new Error(`${where}: give exactly one of "policy" and "text"`);
    for (const [field, mistake] of [
      ['awsSaysIncorrect', awsSaysIncorrect],
      ['awsTypo', awsTypo],
    ] as const) {
      if (mistake !== undefined && !isKnownMistake(mistake)) throw new Error(`${where}: "${field}" needs "why" and a non-empty "expect"`);
    }
    if (fillIns !== undefined && !(Array.isArray(fillIns) && fillIns.every((item) => typeof item === 'string'))) {
      throw new Error(`${where}: "fillIns" must be an array of strings`);
    }
    return {
      corpus,
      name,
      type,
      source,
      ...(awsSaysIncorrect !== undefined ? { awsSaysIncorrect: awsSaysIncorrect as KnownMistake } : {}),
      ...(awsTypo !== undefined ? { awsTypo: awsTypo as KnownMistake } : {}),
      ...(typeof knownMiss === 'string' ? { knownMiss } : {}),
      ...(fillIns !== undefined ? { fillIns: fillIns as string[] } : {}),
      text: typeof text === 'string' ? text : JSON.stringify(policy, null, 2),
    };
  });
}

function isKnownMistake(value: unknown): value is KnownMistake {
  const mistake = value as Partial<KnownMistake> | null;
  return typeof mistake?.why === 'string' && Array.isArray(mistake.expect) && mistake.expect.length > 0;
}

/** The text a finding points at, on one line. */
export function pointedAt(finding: Finding, text: string): string {
  return text.slice(finding.span.offset, finding.span.offset + finding.span.length).replace(/\s+/g, ' ');
}

export function findingLine(finding: Finding, text: string, lines: LineIndex): FindingLine {
  const { line, character } = lines.position(finding.span.offset);
  const whole = pointedAt(finding, text);
  const excerpt = whole.length > 60 ? `${whole.slice(0, 59)}…` : whole;
  return `${finding.code} ${finding.severity} ${line + 1}:${character + 1} «${excerpt}»`;
}

export interface CorpusResult {
  readonly policy: CorpusPolicy;
  readonly findings: readonly Finding[];
  readonly lines: readonly FindingLine[];
}

export function validateCorpusPolicy(policy: CorpusPolicy, catalog: Catalog): CorpusResult {
  const { findings } = validatePolicy(policy.text, { type: policy.type, catalog });
  const index = new LineIndex(policy.text);
  return { policy, findings, lines: findings.map((finding) => findingLine(finding, policy.text, index)) };
}

/** The expected-findings file of a corpus: policy name → its finding lines, in the validator's order. */
export type ExpectedFindings = Record<string, readonly FindingLine[]>;

export function expectedFindingsFile(repoRoot: string, corpus: string): string {
  return join(corpusRoot(repoRoot), corpus, 'expected-findings.json');
}

export function loadExpectedFindings(repoRoot: string, corpus: string): ExpectedFindings {
  const file = expectedFindingsFile(repoRoot, corpus);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ExpectedFindings) : {};
}

export function renderExpectedFindings(results: readonly CorpusResult[]): string {
  const byName: Record<string, readonly FindingLine[]> = {};
  for (const result of results) byName[result.policy.name] = result.lines;
  return `${JSON.stringify(byName, null, 2)}\n`;
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(results: readonly CorpusResult[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const result of results) for (const finding of result.findings) counts[finding.severity] += 1;
  return counts;
}
