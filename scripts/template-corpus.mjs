// @ts-check
// The corpus of real templates (test/corpus-templates/): checks every file with the built CLI and prints, per file,
// the policies found and the findings; with --update, records them in test/corpus-templates/expected.json, which
// the unit test compares with on every run. Usage: npm run build && node scripts/template-corpus.mjs [--update]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = join(root, 'test', 'corpus-templates');

export function checkCorpus() {
  const run = spawnSync(process.execPath, [join(root, 'out', 'bundle', 'cli.js'), 'check', '--format', 'json', corpus], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const reports = JSON.parse(run.stdout);
  const result = {};
  for (const report of reports) {
    const file = relative(corpus, report.file).split('\\').join('/');
    result[file] = {
      policies: (report.policies ?? []).map((p) => `${p.type} ${p.path}`),
      findings: report.diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`),
    };
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = checkCorpus();
  const files = Object.keys(result);
  const policies = files.reduce((n, f) => n + result[f].policies.length, 0);
  const count = (severity) => files.reduce((n, f) => n + result[f].findings.filter((x) => x.startsWith(`${severity} `)).length, 0);
  console.log(
    `${files.length} files, ${policies} policies, ${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} suggestions`,
  );
  for (const group of ['cloudformation', 'sam', 'terraform']) {
    const inGroup = files.filter((f) => f.startsWith(`${group}/`));
    console.log(`  ${group}: ${inGroup.length} files, ${inGroup.reduce((n, f) => n + result[f].policies.length, 0)} policies`);
  }
  if (process.argv.includes('--update')) {
    writeFileSync(join(corpus, 'expected.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('wrote test/corpus-templates/expected.json');
  } else {
    const expected = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8'));
    console.log(JSON.stringify(expected) === JSON.stringify(result) ? 'matches expected.json' : 'differs from expected.json');
  }
}
