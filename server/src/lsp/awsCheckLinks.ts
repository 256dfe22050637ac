/**
 * Links to AWS's IAM Access Analyzer policy check reference. The page anchors each check as
 * `access-analyzer-reference-policy-checks-<category>-<code in kebab case>`, where the category is the check's
 * finding type on that page.
 */
import { accessAnalyzerCategory } from '../iam/validator';

const PAGE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

/** The Access Analyzer reference entry of one check. */
export function accessAnalyzerLink(awsCode: string): string {
  return `${PAGE}#access-analyzer-reference-policy-checks-${accessAnalyzerCategory(awsCode)}-${awsCode.toLowerCase().replace(/_/g, '-')}`;
}

/** The project's repository (package.json `repository`), where docs/rules.md describes every rule. */
const RULES_REFERENCE = 'https://github.com/iam-policy-lab/iam-policy-lab/blob/main/docs/rules.md';

/** Our rules reference entry, for a rule without an Access Analyzer counterpart. */
export function ruleLink(ruleId: string): string {
  return `${RULES_REFERENCE}#${ruleId.toLowerCase()}`;
}
