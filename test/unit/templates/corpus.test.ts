// The corpus of real templates (test/corpus-templates/README.md): every policy found, no intrinsic or interpolation
// reported as a syntax error, and the findings as recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

const corpus = join(repoRoot(), 'test', 'corpus-templates');

interface Recorded {
  readonly policies: readonly string[];
  readonly findings: readonly string[];
}

function checkCorpus(): Record<string, Recorded> {
  const run = spawnSync(process.execPath, [join(repoRoot(), 'out', 'bundle', 'cli.js'), 'check', '--format', 'json', corpus], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const reports = JSON.parse(run.stdout) as {
    file: string;
    policies?: { type: string; path: string }[];
    diagnostics: { severity: string; code: string; range: { start: { line: number; character: number } } }[];
  }[];
  const result: Record<string, Recorded> = {};
  for (const report of reports) {
    result[relative(corpus, report.file).split('\\').join('/')] = {
      policies: (report.policies ?? []).map((p) => `${p.type} ${p.path}`),
      findings: report.diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`),
    };
  }
  return result;
}

test('the template corpus: as recorded, with no syntax finding and no error', () => {
  const actual = checkCorpus();
  const expected = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')) as Record<string, Recorded>;
  const all = Object.values(actual).flatMap((r) => r.findings);
  assert.deepEqual(
    all.filter((f) => f.includes('templateSyntax') || f.startsWith('error ')),
    [],
  );
  assert.equal(
    Object.values(actual).reduce((n, r) => n + r.policies.length, 0),
    57,
  );
  assert.deepEqual(actual, expected, 'run `node scripts/template-corpus.mjs --update` after a deliberate change, and review the diff');
});
