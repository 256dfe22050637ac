// Decides the policy type of a document when the user asked for `auto`.
import type { PolicyDocument, StatementNode } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import { effectOf, isEveryonePrincipal, itemsOf } from './documentUtils';

/** Actions that only make sense in a role trust policy. */
const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

/**
 * Infers the policy type from the document alone. The rules, in order:
 * 1. No document (empty or broken text), or no statement names a Principal or NotPrincipal: `identity`. An SCP, a
 *    permissions boundary or a session policy looks exactly like an identity policy, so they are never inferred.
 * 2. Some statement names a principal, every Action of every statement is a role-assumption action
 *    (`sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity`, `sts:SetContext`) and no statement has a
 *    Resource or NotResource: `trust`. With a Resource, still `trust` when a statement names a `Federated` principal
 *    (an identity provider): only a role's trust policy can name one, and the stray Resource is then the finding.
 * 3. Every statement names `Principal: "*"` (or `{"AWS": "*"}`) with `Resource: "*"`, and either every statement is a
 *    Deny, or the document is the `RCPFullAWSAccess` statement (Allow `*` on `*`): `rcp`. A Deny-only bucket policy
 *    with `Principal: "*"` (the common "deny plain HTTP" policy) names its bucket ARN, not `*`, so it stays a
 *    resource policy; AWS services reject `Resource: "*"` in most resource policies.
 * 4. Otherwise, with a principal: `resource`.
 */
export function inferPolicyType(document: PolicyDocument | undefined): PolicyType {
  if (!document) return 'identity';
  const statements = document.statements;
  if (!statements.some((s) => s.principal || s.notPrincipal)) return 'identity';
  if (statements.every(isTrustStatement)) return 'trust';
  if (statements.every(hasOnlyTrustActions) && statements.some((s) => s.principal?.entries.some((entry) => entry.type === 'Federated'))) return 'trust';
  if (statements.length > 0 && statements.every(isRcpShaped)) {
    if (statements.every((s) => effectOf(s) === 'Deny')) return 'rcp';
    if (statements.length === 1 && statements[0] && isFullAccessAllow(statements[0])) return 'rcp';
  }
  return 'resource';
}

function isTrustStatement(statement: StatementNode): boolean {
  return !statement.resource && !statement.notResource && hasOnlyTrustActions(statement);
}

function hasOnlyTrustActions(statement: StatementNode): boolean {
  if (statement.notAction) return false;
  const actions = itemsOf(statement.action);
  return actions.length > 0 && actions.every((action) => TRUST_ACTIONS.has(action.toLowerCase()));
}

function isRcpShaped(statement: StatementNode): boolean {
  if (!statement.principal || !isEveryonePrincipal(statement.principal)) return false;
  const resources = itemsOf(statement.resource);
  return resources.length === 1 && resources[0] === '*';
}

function isFullAccessAllow(statement: StatementNode): boolean {
  const actions = itemsOf(statement.action);
  return effectOf(statement) === 'Allow' && actions.length === 1 && actions[0] === '*' && !statement.condition;
}
