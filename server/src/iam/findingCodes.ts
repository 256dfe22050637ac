/**
 * Every finding code IAM Policy Lab reports about a file, in one list: the validator's rules, the codes the template
 * readers add, and those of account models and test files. SARIF lists them all for code-scanning tools, and the rules
 * reference (docs/rules.md) describes each, so that no finding points at a description that does not exist.
 */
import { MODEL_FINDING_RULES } from './model';
import { TEMPLATE_RULES } from './templates/templateRules';
import { ALL_RULES, type Rule } from './validator';
import { renderRulesReference, type FindingGroup } from './validator/rulesReference';

export const FINDING_GROUPS: readonly FindingGroup[] = [
  {
    heading: 'Findings about templates',
    intro:
      "The CloudFormation, SAM and Terraform readers report these about the template itself rather than a policy in it. Their severity is set like a rule's.",
    rules: TEMPLATE_RULES,
  },
  {
    heading: 'Findings about account models and test files',
    intro:
      "The readers of account models, authorization-details exports and test files report these, and so do the checks of each test against its model: `check` lists them for those files and the editor as you type, and `simulate`, `test` and `who-can` stop at the errors among them (`simulate`, on a large model, at those in the accounts its request reaches). Their severity is the reader's.",
    rules: MODEL_FINDING_RULES,
  },
];

/** The validator's rules and every other code above, for SARIF's list of rules. */
export const EVERY_FINDING_RULE: readonly Rule[] = [...ALL_RULES, ...FINDING_GROUPS.flatMap((group) => group.rules)];

/** docs/rules.md as `npm run rules-doc` writes it. */
export function renderFindingsReference(): string {
  return renderRulesReference(ALL_RULES, FINDING_GROUPS);
}
