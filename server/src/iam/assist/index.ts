/** Editor assistance over the core, free of any protocol: completion, hover, quick fixes, refactorings, model references. */
export {
  authorizationDetailsPolicies,
  isAuthorizationDetails,
  looksLikeAuthorizationDetailsText,
  looksLikePolicy,
  modelPolicies,
  testPolicies,
  type EmbeddedPolicy,
} from './embeddedPolicies';
export { authorizationDetailsPoliciesInText } from './exportPoliciesInText';
export { extraFixes } from './quickFixes';
export { actionElements, collapseActions, expandWildcard, sortAndDeduplicate } from './refactor';
export { completeAt } from './completion';
export type { AssistCompletion, AssistEnvironment, CompletionKind, KnownPrincipal } from './types';
export { isManagedPolicyArn, managedPolicySummary } from './arnInfo';
export { hoverAt } from './hover';
export { definitionOf, modelReferenceAt, type ReferenceKind } from './modelReferences';
export { modelEntities } from './modelEntities';
export { checkTestsAgainstModel, testFileAgainstModel } from './testChecks';
export { pathCompletions, pathSlotAt, pathStrings, relativePath, type PathCompletion, type PathKind, type PathSlot } from './modelPaths';
export { modelPolicyFileTypes } from './modelPolicyFiles';
export { principalsPolicyFilesLack, PrincipalsTheModelLacks } from './missingPrincipals';
