// docs/rules.md is what every diagnostic without an Access Analyzer code links to: it must list every rule as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../../server/src/iam/validator/validatePolicy';
import { renderRulesReference } from '../../../server/src/iam/validator/rulesReference';
import { FINDING_GROUPS, renderFindingsReference } from '../../../server/src/iam/findingCodes';
import { repoRoot } from '../helpers/repoRoot';

test('docs/rules.md is current with the rule registry (regenerate with `npm run rules-doc`)', () => {
  const written = readFileSync(join(repoRoot(), 'docs/rules.md'), 'utf8');
  assert.equal(written, renderFindingsReference());
});

test('every rule has a section its diagnostics can link to, with its default severity', () => {
  const reference = renderRulesReference(ALL_RULES);
  for (const rule of ALL_RULES) {
    assert.ok(reference.includes(`\n### ${rule.id}\n\n${rule.description}\n`), rule.id);
    assert.ok(reference.includes(`| [${rule.id}](#${rule.id.toLowerCase()}) |`), rule.id);
  }
  assert.match(reference, /\| \[passRoleWithWildcard\]\(#passrolewithwildcard\) \| warning \| PASS_ROLE_WITH_STAR_IN_RESOURCE \|/);
});

test('every template, model and test-file finding code has a section too, apart from the rules and never one of them', () => {
  const reference = renderFindingsReference();
  const ruleIds = new Set(ALL_RULES.map((rule) => rule.id));
  for (const group of FINDING_GROUPS) {
    assert.ok(reference.includes(`\n## ${group.heading}\n`), group.heading);
    for (const code of group.rules) {
      assert.ok(!ruleIds.has(code.id), code.id);
      assert.ok(reference.includes(`\n### ${code.id}\n\n${code.description}\n`), code.id);
    }
  }
  // A template's syntax error and a model's misspelt key link to a description of what they are.
  assert.match(reference, /\n### templateSyntax\n\nThe template itself/);
  assert.match(reference, /\n### unknownKey\n\nA key the format does not define/);
});
