// The validator's public surface; see validatePolicy.ts.
export { validatePolicy, inferPolicyType, ALL_RULES } from './validatePolicy';
export type { SeverityOverrides, ValidateOptions, ValidationResult } from './validatePolicy';
export { INTERNAL_ERROR_CODE } from './runRules';
export type { Rule, RuleContext, ReportOptions } from './rule';
export { accessAnalyzerCategory } from './accessAnalyzerCategory';
export { countWithoutWhitespace } from './rules/policySize';
export { isPrivateRange, parseIpRange } from './conditionValues';
export { resourceCanApply } from './resourceReach';
