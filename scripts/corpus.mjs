// @ts-check
// `node scripts/corpus.mjs [--update] [--list SEVERITY]` (after `npm run build`): validates every policy of
// test/corpus/ with the real validator and catalog and prints the numbers quoted in test/corpus/README.md.
//   --update          rewrites test/corpus/<corpus>/expected-findings.json with what the validator says now; review the
//                     diff (`git diff test/corpus`) before committing it.
//   --list SEVERITY   also prints every finding of that severity (error, warning, info, hint), grouped by rule.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
/** @type {typeof import('../test/unit/corpus/corpusFindings.js')} */
const corpusFindings = require(join(root, 'out/js/test/unit/corpus/corpusFindings.js'));
/** @type {typeof import('../test/unit/helpers/realCatalog.js')} */
const { realCatalog } = require(join(root, 'out/js/test/unit/helpers/realCatalog.js'));

const args = process.argv.slice(2);
const update = args.includes('--update');
const listIndex = args.indexOf('--list');
const listSeverity = listIndex >= 0 ? args[listIndex + 1] : undefined;

const catalog = realCatalog();
/** @type {string[]} */
const table = [
  '| Corpus | Policies | AWS calls wrong | Slips in AWS-valid ones | Templates with fill-ins | Errors on AWS-valid policies | Errors on fill-ins | Warnings | Infos and hints |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];
/** @type {Map<string, string[]>} */
const listed = new Map();
const total = { policies: 0, incorrect: 0, typos: 0, templates: 0, errors: 0, fillInErrors: 0, warnings: 0, quiet: 0 };
for (const corpus of corpusFindings.corpusNames(root)) {
  const results = corpusFindings.loadCorpus(root, corpus).map((policy) => corpusFindings.validateCorpusPolicy(policy, catalog));
  // The numbers describe what a user pasting AWS's valid examples sees: examples AWS calls wrong are counted apart.
  const valid = results.filter((result) => !result.policy.awsSaysIncorrect);
  const row = { policies: results.length, incorrect: results.length - valid.length, typos: 0, templates: 0, errors: 0, fillInErrors: 0, warnings: 0, quiet: 0 };
  for (const { policy, findings, lines } of valid) {
    if (policy.awsTypo) row.typos += 1;
    if (policy.fillIns) row.templates += 1;
    findings.forEach((finding, i) => {
      if (finding.severity === 'error') {
        const onFillIn = (policy.fillIns ?? []).some((fillIn) => corpusFindings.pointedAt(finding, policy.text).includes(fillIn));
        if (onFillIn) row.fillInErrors += 1;
        else if (!policy.awsTypo) row.errors += 1;
      } else if (finding.severity === 'warning') row.warnings += 1;
      else row.quiet += 1;
      if (finding.severity !== listSeverity) return;
      const entries = listed.get(finding.code) ?? [];
      entries.push(`  ${corpus}/${policy.name}: ${lines[i]}\n      ${finding.message}`);
      listed.set(finding.code, entries);
    });
  }
  table.push(`| ${corpus} | ${Object.values(row).join(' | ')} |`);
  for (const key of /** @type {(keyof typeof total)[]} */ (Object.keys(total))) total[key] += row[key];
  if (update) {
    writeFileSync(corpusFindings.expectedFindingsFile(root, corpus), corpusFindings.renderExpectedFindings(results));
  }
}
table.push(
  `| **all** | ${Object.values(total)
    .map((n) => `**${n}**`)
    .join(' | ')} |`,
);
console.log(table.join('\n'));
for (const [code, lines] of [...listed].sort()) console.log(`\n${code} (${lines.length})\n${lines.join('\n')}`);
if (update) console.log('\nexpected-findings.json rewritten for every corpus: review `git diff test/corpus` before committing.');
