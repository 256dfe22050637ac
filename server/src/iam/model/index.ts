/** Account models (`*.iam-model.json`, authorization-details exports) and policy test files (`*.iam-test.json`). */
export { loadModel, type LoadModelOptions } from './loadModel';
export { loadTestFile, type PolicyTest, type PolicyTestFile, type LoadTestFileResult } from './testFile';
export { isPolicyDecision, DECISIONS } from './decisions';
export { policyLookup } from './policyLookup';
export type * from './modelTypes';
export type { PolicyDocument, PrincipalOutline } from './principalOutline';
export { createManagedPolicyStore, type ManagedPolicySource, type ManagedPolicyStore } from './managedPolicies/managedPolicies';
export { principalDeclarationSpans } from './declarationSpans';
export { principalArn, type PrincipalName } from './principalByName';
export { outsider, requesterLabel, requesters, unusedAccount, type Requester, type RequesterKind } from './requesters';
export { closestNames } from './closestNames';
export { closestPrincipals, principalNotes } from './principalNotes';
export { findPrincipal } from './findPrincipal';
export { hostWithFile } from './hostWithFile';
export { applyEdits, withEditedDocuments, type EditedModel } from './editedDocuments';
export { EXPORT_WINDOWS, looksLikeExport } from './authorizationDetails';
export { textOfWindows } from './exportScanner';
export { MODEL_FINDING_RULES } from './modelFindingRules';
