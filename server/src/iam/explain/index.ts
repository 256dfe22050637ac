/** Explanations of evaluation results, for every face (CLI, language server, simulator panel). */
export {
  explainResult,
  explainPolicy,
  grantingStatement,
  grantReason,
  openValueProblems,
  policyLabel,
  statementLabel,
  statementOfPolicy,
  type ExplainOptions,
} from './explainResult';
export { formatExplanationText, noDenyFix, noSingleFix, type Locate } from './formatText';
export { namesSomeoneElse } from './reasonLine';
export { fileSpan } from './fileSpan';
export { printableText } from './printableText';
export type * from './explanation';
export { absentKeysAwsAlwaysSets, regionTakenFromResource } from './keysAwsAlwaysSets';
export {
  absentKeysSentence,
  regionFromResourceSentence,
  capitalise,
  decidingHead,
  endSentence,
  openToAnyoneSentence,
  unknownConditionKeySentence,
  decidingPolicyErrorSentence,
  serviceOnlyKeysSentence,
  trustedAccountSentence,
  outsideAccountSentence,
  outsidePrincipalSentence,
  moreOutsidersSentence,
  trustedProviderSentence,
  absentCallerKeysSentence,
  absentServiceKeysSentence,
  DECISION_MARK,
  noAllowingStatementLine,
  plural,
  SECTION,
  whyLine,
} from './sentences';
