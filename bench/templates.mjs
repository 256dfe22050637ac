// Templates: a 1 MB CloudFormation template holding 200 policies (in JSON, and in YAML), read and validated, against
// the same 200 policies validated as JSON files; and re-validation of a 200 KB template after a one-character edit,
// as the language server does it (the whole template read again, only the policies whose text changed validated).
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

/** A template with one AWS::IAM::ManagedPolicy per policy, pretty-printed JSON or YAML block style. */
function template(policies, syntax) {
  const resources = {};
  policies.forEach((text, index) => {
    resources[`Policy${index}`] = { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: `policy-${index}`, PolicyDocument: JSON.parse(text) } };
  });
  const body = { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
  return syntax === 'yaml' ? require('yaml').stringify(body, { lineWidth: 0 }) : JSON.stringify(body, null, 2);
}

export async function run({ quick = false } = {}) {
  const rows = [];
  const { readTemplate, validateTemplate, PolicyResultCache } = built('server/src/iam/templates/index.ts');
  const { validatePolicy } = built('server/src/iam/validator/validatePolicy.ts');
  const { loadCatalog } = built('server/src/node/catalogFiles.ts');
  const catalog = loadCatalog();
  const rounds = quick ? 2 : 5;
  const policies = pickPolicies(200, 5000);

  let jsonFindings = 0;
  const jsonMs = median(timeRounds(() => {
    jsonFindings = 0;
    for (const text of policies) jsonFindings += validatePolicy(text, { type: 'identity', catalog }).findings.length;
  }, { rounds, warmup: 1 }));
  rows.push(row(SECTION, `${policies.length} policies as JSON texts, validated`, jsonMs, 'ms', undefined, `${jsonFindings} findings`));

  for (const syntax of ['json', 'yaml']) {
    const text = template(policies, syntax);
    let findings = 0;
    let found = 0;
    const ms = median(timeRounds(() => {
      const result = validateTemplate(readTemplate(text), { catalog });
      findings = result.findings.length;
      found = result.policies.length;
    }, { rounds, warmup: 1 }));
    rows.push(row(SECTION, `${syntax.toUpperCase()} template: ${found} policies in ${(text.length / 1048576).toFixed(2)} MB, read and validated`, ms, 'ms', undefined, `${findings} findings`));
    rows.push(row(SECTION, `${syntax.toUpperCase()} template ÷ JSON files`, ms / jsonMs, '×', { max: 1.5 }));
  }

  // About 200 KB: the first policies of the same set; each edit misspells a different statement's Effect.
  const small = [];
  let total = 0;
  for (const text of policies) {
    if (total > 190 * 1024) break;
    small.push(text);
    total += text.length;
  }
  for (const syntax of ['json', 'yaml']) {
    const base = template(small, syntax);
    const [needle, typo] = syntax === 'yaml' ? ['Effect: Allow', 'Effect: Alow'] : ['"Effect": "Allow"', '"Effect": "Alow"'];
    const positions = [];
    for (let at = base.indexOf(needle); at >= 0; at = base.indexOf(needle, at + 1)) positions.push(at);
    const edits = [];
    for (let i = 0; i < (quick ? 10 : 40); i++) {
      const position = positions[(i * 7) % positions.length] ?? 0;
      edits.push(`${base.slice(0, position)}${typo}${base.slice(position + needle.length)}`);
    }
    // As the language server keeps it per open document: results by policy text, so an edit re-validates one policy.
    const cache = new PolicyResultCache();
    validateTemplate(readTemplate(base), { catalog, cache });
    const times = edits.map((text) => {
      const start = performance.now();
      validateTemplate(readTemplate(text), { catalog, cache });
      return performance.now() - start;
    });
    rows.push(row(SECTION, `re-validation after an edit, ${(base.length / 1024).toFixed(0)} KB ${syntax.toUpperCase()} template, median`, median(times), 'ms', { max: 30 }, `${edits.length} edits`));
    rows.push(row(SECTION, `re-validation after an edit, ${syntax.toUpperCase()}, p95`, percentile(times, 0.95), 'ms'));
  }
  return { rows };
}
