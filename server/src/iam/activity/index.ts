/**
 * Activity: CloudTrail records → requests, replayed on a model; AccessDenied messages explained; least-privilege
 * policies generated from activity and proven; the access a policy change adds or removes.
 */
export type * from './activityTypes';
export { readActivity } from './readActivity';
export { recordToRequest } from './recordToRequest';
export { replay, ReplayRun, decideRecorded, evaluationRequest, type ReplayReport, type ReplayChange } from './replay';
export { parseAccessDenied, looksLikeAccessDenied, type ReportedDenial } from './accessDeniedMessage';
export { denialCases, recordLabel, reportedDenialLine, MAX_DENIAL_CASES, type DenialCase } from './denialCases';
export { explainDenial, type DenialExplanation, type DenialInput } from './explainDenial';
export { withDenialFixes, type DenialModel } from './denialFixes';
export { generatePolicy, type GeneratedPolicy, type GeneratedStatement } from './generatePolicy';
export { resourcePatterns } from './resourcePatterns';
export { generationReportLines, type GenerationReport } from './generationReport';
export { proveGenerated, type GenerationProof, type ProofFailure } from './proveGenerated';
export { conditionsLeftOut } from './conditionsLeftOut';
export { generateForPrincipal, type PrincipalGeneration } from './generateForPrincipal';
export { unusedAccess, type UnusedAccess, type UnusedService } from './unusedAccess';
export { withIdentityPolicies } from './identityPolicySwap';
export { activityOf, actionsUsed } from './principalActivity';
export { withModelRoleNames, type RoleRename } from './generatedRoleNames';
export { absentPolicy, diffAccess, DIFF_BUDGET, type AccessDiff, type AccessChange, type DiffInput } from './noNewAccess';
export {
  accessChangeSentence,
  diffReportLines,
  newlyAllowedHeadline,
  otherAccountsSentence,
  replayHeadline,
  roleRenameSentence,
  type ReplayCounts,
} from './activityReports';
