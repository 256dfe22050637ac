// @ts-check
// Templates: a 1 MB CloudFormation template holding 200 policies (in JSON, and in YAML), read and validated, against
// the same 200 policies validated as JSON files; and re-validation of a 200 KB template after a one-character edit,
// as the language server does it (the template read again from the version before, only the policies whose text
// changed validated).
import { createRequire } from 'node:module';
import { built, median, percentile, row } from './lib/measure.mjs';
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
  const policies = pickPolicies(200, 5000);

  // Pairs measured back to back, alternating which goes first, so that load on a shared machine falls on both
  // sides of each ratio; the figure is the median of the pair ratios.
  const validateJson = () => {
    let findings = 0;
    for (const text of policies) findings += validatePolicy(text, { type: 'identity', catalog }).findings.length;
    return findings;
  };
  const timed = (fn) => {
    const start = performance.now();
    const value = fn();
    return [performance.now() - start, value];
  };
  const pairs = quick ? 3 : 7;
  for (const syntax of ['json', 'yaml']) {
    const text = template(policies, syntax);
    const validateText = () => validateTemplate(readTemplate(text), { catalog });
    validateJson();
    validateText();
    const ratios = [];
    const templateTimes = [];
    const jsonTimes = [];
    let result;
    let jsonFindings = 0;
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? ['json', 'template'] : ['template', 'json'];
      const times = {};
      for (const side of order) {
        if (side === 'json') [times.json, jsonFindings] = timed(validateJson);
        else [times.template, result] = timed(validateText);
      }
      ratios.push(times.template / times.json);
      templateTimes.push(times.template);
      jsonTimes.push(times.json);
    }
    const label = syntax.toUpperCase();
    rows.push(
      row(
        SECTION,
        `${label} template: ${result.policies.length} policies in ${(text.length / 1048576).toFixed(2)} MB, read and validated`,
        median(templateTimes),
        'ms',
        undefined,
        `${result.findings.length} findings`,
      ),
    );
    rows.push(row(SECTION, `the same ${policies.length} policies as JSON texts, validated`, median(jsonTimes), 'ms', undefined, `${jsonFindings} findings`));
    rows.push(
      row(
        SECTION,
        `${label} template ÷ JSON files (median of ${pairs} alternating pairs)`,
        median(ratios),
        '×',
        { max: 1.5 },
        ratios.map((r) => r.toFixed(2)).join(', '),
      ),
    );
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
    // As the language server keeps it per open document: results by policy text, so an edit re-validates one policy;
    // and the version before the edit, so a YAML template re-reads only the resource the edit is in.
    const cache = new PolicyResultCache();
    const before = readTemplate(base);
    validateTemplate(before, { catalog, cache });
    // Wall and CPU time of each edit: on a shared machine the CPU time is what the work costs, the wall time what
    // waiting for a core added to it.
    const cpu = [];
    const times = edits.map((text) => {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      validateTemplate(readTemplate(text, before), { catalog, cache });
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      return performance.now() - start;
    });
    rows.push(
      row(
        SECTION,
        `re-validation after an edit, ${(base.length / 1024).toFixed(0)} KB ${syntax.toUpperCase()} template, median`,
        median(times),
        'ms',
        { max: 30 },
        `${edits.length} edits; CPU time median ${median(cpu).toFixed(1)} ms`,
      ),
    );
    rows.push(row(SECTION, `re-validation after an edit, ${syntax.toUpperCase()}, p95`, percentile(times, 0.95), 'ms'));
  }
  return { rows };
}
