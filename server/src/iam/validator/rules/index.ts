// The registry: every rule the validator runs. Append new rules to ALL_RULES; the cases runner
// (test/unit/validator/cases.test.ts) then requires a folder test/cases/validator/<ruleId>/ with a triggering case and
// a near miss.
import type { Rule } from '../rule';
import { allowWithNotPrincipal } from './allowWithNotPrincipal';
import { duplicateKey } from './duplicateKey';
import { duplicateSid } from './duplicateSid';
import { elementType } from './elementType';
import { emptyArray } from './emptyArray';
import { emptyObject } from './emptyObject';
import { emptySid } from './emptySid';
import { federatedPrincipalNotSupported } from './federatedPrincipalNotSupported';
import { githubOidcWithoutRepoCondition } from './githubOidcWithoutRepoCondition';
import { githubSubWildcard } from './githubSubWildcard';
import { idNotAllowed } from './idNotAllowed';
import { invalidCharacter } from './invalidCharacter';
import { invalidEffect } from './invalidEffect';
import { invalidFederatedPrincipal } from './invalidFederatedPrincipal';
import { invalidPrincipalFormat } from './invalidPrincipalFormat';
import { invalidPrincipalKey } from './invalidPrincipalKey';
import { invalidServicePrincipal } from './invalidServicePrincipal';
import { invalidSid } from './invalidSid';
import { invalidVersion } from './invalidVersion';
import { jsonComment } from './jsonComment';
import { jsonSyntax } from './jsonSyntax';
import { mismatchedActionForPrincipal } from './mismatchedActionForPrincipal';
import { missingAction } from './missingAction';
import { missingEffect } from './missingEffect';
import { missingPrincipal } from './missingPrincipal';
import { missingResource } from './missingResource';
import { missingStatement } from './missingStatement';
import { missingVersion } from './missingVersion';
import { notPrincipalNotAllowed } from './notPrincipalNotAllowed';
import { oidcPrincipalWithoutCondition } from './oidcPrincipalWithoutCondition';
import { policySize } from './policySize';
import { policyVariableNotAllowed } from './policyVariableNotAllowed';
import { policyVariableSyntax } from './policyVariableSyntax';
import { principalNotAllowed } from './principalNotAllowed';
import { principalUniqueId } from './principalUniqueId';
import { principalWildcard } from './principalWildcard';
import { rcpEffect } from './rcpEffect';
import { rcpPrincipal } from './rcpPrincipal';
import { rcpUnsupportedService } from './rcpUnsupportedService';
import { rcpNotAction } from './rcpNotAction';
import { redundantStatement } from './redundantStatement';
import { rolesAnywhereMissingActions } from './rolesAnywhereMissingActions';
import { scpActionWildcard } from './scpActionWildcard';
import { servicePrincipalWithoutSource } from './servicePrincipalWithoutSource';
import { trustPolicyResource } from './trustPolicyResource';
import { trustPolicyWildcardPrincipal } from './trustPolicyWildcardPrincipal';
import { trustPolicyAnyPrincipal } from './trustPolicyAnyPrincipal';
import { resourcePolicyOpenToAnyone } from './resourcePolicyOpenToAnyone';
import { unknownElement } from './unknownElement';
import { unsupportedElementCombination } from './unsupportedElementCombination';
import { variableInOldVersion } from './variableInOldVersion';
import { unknownService } from './unknownService';
import { unknownAction } from './unknownAction';
import { actionNameCase } from './actionNameCase';
import { malformedAction } from './malformedAction';
import { wildcardInServiceName } from './wildcardInServiceName';
import { actionWildcardMatchesNothing } from './actionWildcardMatchesNothing';
import { wildcardOnlyActionWithResource } from './wildcardOnlyActionWithResource';
import { noResourceForAction } from './noResourceForAction';
import { redundantAction } from './redundantAction';
import { invalidArnPrefix } from './invalidArnPrefix';
import { missingArnField } from './missingArnField';
import { arnServiceCase } from './arnServiceCase';
import { invalidPartition } from './invalidPartition';
import { invalidArnRegion } from './invalidArnRegion';
import { missingArnRegion } from './missingArnRegion';
import { arnRegionNotAllowed } from './arnRegionNotAllowed';
import { invalidArnAccount } from './invalidArnAccount';
import { missingArnAccount } from './missingArnAccount';
import { arnAccountNotAllowed } from './arnAccountNotAllowed';
import { invalidArnResource } from './invalidArnResource';
import { redundantResource } from './redundantResource';
import { invalidConditionOperator } from './invalidConditionOperator';
import { nullWithIfExists } from './nullWithIfExists';
import { nullWithQualifier } from './nullWithQualifier';
import { conditionKeyFormat } from './conditionKeyFormat';
import { missingTagKey } from './missingTagKey';
import { unknownGlobalConditionKey } from './unknownGlobalConditionKey';
import { unknownServiceConditionKey } from './unknownServiceConditionKey';
import { deprecatedGlobalConditionKey } from './deprecatedGlobalConditionKey';
import { duplicateConditionKeyCase } from './duplicateConditionKeyCase';
import { unsupportedConditionKeyForActions } from './unsupportedConditionKeyForActions';
import { conditionTypeMismatch } from './conditionTypeMismatch';
import { conditionValueType } from './conditionValueType';
import { invalidDateValue } from './invalidDateValue';
import { multipleBooleanValues } from './multipleBooleanValues';
import { missingQualifier } from './missingQualifier';
import { forAllValuesWithSingleValuedKey } from './forAllValuesWithSingleValuedKey';
import { emptyConditionValues } from './emptyConditionValues';
import { wildcardWithoutLikeOperator } from './wildcardWithoutLikeOperator';
import { invalidVariableForOperator } from './invalidVariableForOperator';
import { privateIpAddress } from './privateIpAddress';
import { privateNotIpAddress } from './privateNotIpAddress';
import { improveIpRange } from './improveIpRange';
import { redundantNumericConditionValues } from './redundantNumericConditionValues';
import { invalidRegion } from './invalidRegion';
import { invalidVpcFormat } from './invalidVpcFormat';
import { invalidVpceFormat } from './invalidVpceFormat';
import { mfaBadPattern } from './mfaBadPattern';
import { missingPairedConditionKeys } from './missingPairedConditionKeys';
import { passRoleWithWildcard } from './passRoleWithWildcard';
import { createSlrWithWildcard } from './createSlrWithWildcard';
import { resourceStarWithResourceLevelActions } from './resourceStarWithResourceLevelActions';

export const ALL_RULES: readonly Rule[] = [
  // Text, grammar, principals, policy types, sizes, variables.
  jsonSyntax,
  duplicateKey,
  jsonComment,
  invalidCharacter,
  unknownElement,
  elementType,
  missingStatement,
  missingEffect,
  missingAction,
  missingResource,
  missingPrincipal,
  unsupportedElementCombination,
  missingVersion,
  invalidVersion,
  idNotAllowed,
  invalidEffect,
  invalidSid,
  emptySid,
  duplicateSid,
  principalNotAllowed,
  notPrincipalNotAllowed,
  invalidPrincipalFormat,
  invalidPrincipalKey,
  principalWildcard,
  invalidServicePrincipal,
  principalUniqueId,
  federatedPrincipalNotSupported,
  allowWithNotPrincipal,
  trustPolicyResource,
  trustPolicyWildcardPrincipal,
  trustPolicyAnyPrincipal,
  resourcePolicyOpenToAnyone,
  invalidFederatedPrincipal,
  mismatchedActionForPrincipal,
  rolesAnywhereMissingActions,
  oidcPrincipalWithoutCondition,
  githubOidcWithoutRepoCondition,
  githubSubWildcard,
  servicePrincipalWithoutSource,
  rcpEffect,
  rcpPrincipal,
  rcpUnsupportedService,
  rcpNotAction,
  scpActionWildcard,
  policySize,
  policyVariableSyntax,
  policyVariableNotAllowed,
  variableInOldVersion,
  emptyArray,
  emptyObject,
  redundantStatement,
  // Catalog-driven rules.
  unknownService,
  unknownAction,
  actionNameCase,
  malformedAction,
  wildcardInServiceName,
  actionWildcardMatchesNothing,
  wildcardOnlyActionWithResource,
  noResourceForAction,
  redundantAction,
  invalidArnPrefix,
  missingArnField,
  arnServiceCase,
  invalidPartition,
  invalidArnRegion,
  missingArnRegion,
  arnRegionNotAllowed,
  invalidArnAccount,
  missingArnAccount,
  arnAccountNotAllowed,
  invalidArnResource,
  redundantResource,
  invalidConditionOperator,
  nullWithIfExists,
  nullWithQualifier,
  conditionKeyFormat,
  missingTagKey,
  unknownGlobalConditionKey,
  unknownServiceConditionKey,
  deprecatedGlobalConditionKey,
  duplicateConditionKeyCase,
  unsupportedConditionKeyForActions,
  conditionTypeMismatch,
  conditionValueType,
  invalidDateValue,
  multipleBooleanValues,
  missingQualifier,
  forAllValuesWithSingleValuedKey,
  emptyConditionValues,
  wildcardWithoutLikeOperator,
  invalidVariableForOperator,
  privateIpAddress,
  privateNotIpAddress,
  improveIpRange,
  redundantNumericConditionValues,
  invalidRegion,
  invalidVpcFormat,
  invalidVpceFormat,
  mfaBadPattern,
  missingPairedConditionKeys,
  passRoleWithWildcard,
  createSlrWithWildcard,
  resourceStarWithResourceLevelActions,
];
