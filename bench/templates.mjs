// Templates: a 1 MB CloudFormation template (YAML) holding 200 policies, read and validated, against the same 200
// policies validated as JSON files; and re-validation of a 200 KB template after a one-character edit, as the
// language server does it (read the whole template again, validate every policy).
import { createRequire } from 'node:module';
import { built, median, percentile, row, timeRounds } from './lib/measure.mjs';
import { managedPolicyTexts } from './validation.mjs';

const require = createRequire(import.meta.url);
const SECTION = 'templates';

/** Policies of about `size` characters each (AWS managed policies), as many as asked. */
function pickPolicies(count, size) {
  const texts = managedPolicyTexts().filter((t) => t.length > size * 0.5 && t.length < size * 2);
  return texts.slice(0, count);
}

/** A YAML template with one AWS::IAM::ManagedPolicy per policy, its documents in YAML block style. */
function yamlTemplate(policies) {
  const { stringify } = require('yaml');
  const resources = {};
  policies.forEach((text, index) => {
    resources[`Policy${index}`] = { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: `policy-${index}`, PolicyDocument: JSON.parse(text) } };
  });
  return stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, { lineWidth: 0 });
}

export async function run({ quick = false } = {}) {
  const rows = [];
  const { readTemplate, validateTemplate, PolicyResultCache } = built('server/src/iam/templates/index.ts');
  const { validatePolicy } = built('server/src/iam/validator/validatePolicy.ts');
  const { loadCatalog } = built('server/src/node/catalogFiles.ts');
  const catalog = loadCatalog();
  const rounds = quick ? 2 : 5;

  const policies = pickPolicies(200, 5000);
  const template = yamlTemplate(policies);
  let templateFindings = 0;
  let found = 0;
  const templateTimes = timeRounds(() => {
    const result = validateTemplate(readTemplate(template), { catalog });
    templateFindings = result.findings.length;
    found = result.policies.length;
  }, { rounds, warmup: 1 });
  let jsonFindings = 0;
  const jsonTimes = timeRounds(() => {
    jsonFindings = 0;
    for (const text of policies) jsonFindings += validatePolicy(text, { type: 'identity', catalog }).findings.length;
  }, { rounds, warmup: 1 });
  const templateMs = median(templateTimes);
  const jsonMs = median(jsonTimes);
  rows.push(row(SECTION, `template: ${found} policies in ${(template.length / 1048576).toFixed(2)} MB of YAML, read and validated`, templateMs, 'ms', undefined, `${templateFindings} findings`));
  rows.push(row(SECTION, `the same ${policies.length} policies as JSON texts, validated`, jsonMs, 'ms', undefined, `${jsonFindings} findings`));
  rows.push(row(SECTION, 'template ÷ JSON files', templateMs / jsonMs, '×', { max: 1.5 }));

  // 200 KB: the first policies of the same set, edited one character at a time (a Sid grows), re-read and validated.
  const small = [];
  let total = 0;
  for (const text of policies) {
    if (total > 200 * 1024) break;
    small.push(text);
    total += text.length;
  }
  const base = yamlTemplate(small);
  const allows = [];
  for (let at = base.indexOf('Effect: Allow'); at >= 0; at = base.indexOf('Effect: Allow', at + 1)) allows.push(at);
  // Each edit misspells a different statement's Effect, as typing would, one version after another.
  const edits = [];
  for (let i = 0; i < (quick ? 10 : 40); i++) {
    const position = allows[(i * 7) % allows.length] ?? 0;
    edits.push(`${base.slice(0, position)}Effect: Alow${base.slice(position + 'Effect: Allow'.length)}`);
  }
  // As the language server keeps it per open document: results by policy text, so an edit re-validates one policy.
  const cache = new PolicyResultCache();
  validateTemplate(readTemplate(base), { catalog, cache });
  const editTimes = edits.map((text) => {
    const start = performance.now();
    validateTemplate(readTemplate(text), { catalog, cache });
    return performance.now() - start;
  });
  rows.push(row(SECTION, `re-validation after an edit, ${(base.length / 1024).toFixed(0)} KB template, median`, median(editTimes), 'ms', { max: 30 }, `${edits.length} edits`));
  rows.push(row(SECTION, 're-validation after an edit, p95', percentile(editTimes, 0.95), 'ms'));
  return { rows };
}
