/**
 * Finds the policy documents that sit inside an account model (`*.iam-model.json`) or an authorization-details
 * export, with the policy type each one is evaluated as, so the editor can validate, complete and hover inside them
 * exactly as in a stand-alone policy file. Works on a fault-tolerant tree, so a half-typed model still yields the
 * policies that are already complete enough to be objects. Policies given as strings (file paths, or the URL-encoded
 * documents of the raw API output) are not embedded documents and are skipped.
 */
import { createScanner, SyntaxKind, type Node as JsonNode } from 'jsonc-parser';
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';
import { sessionPolicyLabel, testLabel } from '../model/testFile';

export interface EmbeddedPolicy {
  /** The policy object's span within the file. */
  readonly span: Span;
  readonly type: PolicyType;
  /** What the policy is, for symbols and messages: `inline policy extra of user alice`. */
  readonly label: string;
  /** A URL-encoded document (the raw API's form): `span` is the whole string, and `encoded` the string's value. */
  readonly encoded?: string;
}

function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const child of node.children ?? []) {
    const [keyNode, value] = child.children ?? [];
    if (keyNode?.value === key) return value;
  }
  return undefined;
}

function entries(node: JsonNode | undefined): [string, JsonNode][] {
  if (node?.type !== 'object') return [];
  const found: [string, JsonNode][] = [];
  for (const child of node.children ?? []) {
    const [keyNode, value] = child.children ?? [];
    if (typeof keyNode?.value === 'string' && value !== undefined) found.push([keyNode.value, value]);
  }
  return found;
}

function items(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

function spanOf(node: JsonNode): Span {
  return { offset: node.offset, length: node.length };
}

/** Policy objects inside an account model file. */
export function modelPolicies(root: JsonNode | undefined): EmbeddedPolicy[] {
  const found: EmbeddedPolicy[] = [];
  const add = (node: JsonNode | undefined, type: PolicyType, label: string): void => {
    if (node?.type === 'object') found.push({ span: spanOf(node), type, label });
  };

  const organization = property(root, 'organization');
  const rcpNames = new Set<string>();
  collectRcpNames(property(organization, 'root'), rcpNames);
  for (const [name, value] of entries(property(organization, 'policies'))) {
    add(value, rcpNames.has(name) ? 'rcp' : 'scp', `organization policy ${name}`);
  }

  for (const [accountId, account] of entries(property(root, 'accounts'))) {
    for (const [name, value] of entries(property(account, 'policies'))) add(value, 'identity', `policy ${name} of ${accountId}`);
    for (const kind of ['users', 'groups', 'roles'] as const) {
      const noun = kind.slice(0, -1);
      for (const [name, entity] of entries(property(account, kind))) {
        for (const [policyName, value] of entries(property(entity, 'inlinePolicies'))) {
          add(value, 'identity', `inline policy ${policyName} of ${noun} ${name}`);
        }
        add(property(entity, 'permissionsBoundary'), 'boundary', `permissions boundary of ${noun} ${name}`);
        if (kind === 'roles') add(property(entity, 'trustPolicy'), 'trust', `trust policy of role ${name}`);
      }
    }
    for (const [arn, resource] of entries(property(account, 'resources'))) {
      add(property(resource, 'policy'), 'resource', `resource policy of ${arn}`);
    }
  }
  return found;
}

/**
 * Session policies written inline in a policy test file (`tests[].sessionPolicies[]` objects), labelled as the test
 * run names them; a session policy named by its file path is a policy file of its own.
 */
export function testPolicies(root: JsonNode | undefined): EmbeddedPolicy[] {
  const found: EmbeddedPolicy[] = [];
  for (const [number, test] of items(property(root, 'tests')).entries()) {
    const name = property(test, 'name')?.value;
    const label = testLabel(typeof name === 'string' ? name : undefined, number);
    items(property(test, 'sessionPolicies')).forEach((policy, index) => {
      if (policy.type === 'object') found.push({ span: spanOf(policy), type: 'session', label: sessionPolicyLabel(index + 1, label) });
    });
  }
  return found;
}

function collectRcpNames(level: JsonNode | undefined, into: Set<string>): void {
  if (level?.type !== 'object') return;
  for (const item of items(property(level, 'rcps'))) if (typeof item.value === 'string') into.add(item.value);
  for (const child of items(property(level, 'children'))) collectRcpNames(child, into);
  for (const account of items(property(level, 'accounts'))) collectRcpNames(account, into);
}

/**
 * Policy objects inside the output of `aws iam get-account-authorization-details`; with `encoded`, the URL-encoded
 * document strings of the raw API's output too (the CLI checks them; the editor, which edits documents in place, does
 * not).
 */
export function authorizationDetailsPolicies(root: JsonNode | undefined, options: { readonly encoded?: boolean } = {}): EmbeddedPolicy[] {
  const found: EmbeddedPolicy[] = [];
  const add = (node: JsonNode | undefined, type: PolicyType, label: string): void => {
    if (node?.type === 'object') found.push({ span: spanOf(node), type, label });
    else if (options.encoded && node?.type === 'string' && typeof node.value === 'string' && node.value.startsWith('%7B'))
      found.push({ span: spanOf(node), type, label, encoded: node.value });
  };
  const lists: [string, string, string][] = [
    ['UserDetailList', 'UserPolicyList', 'user'],
    ['GroupDetailList', 'GroupPolicyList', 'group'],
    ['RoleDetailList', 'RolePolicyList', 'role'],
  ];
  for (const [listKey, policyListKey, noun] of lists) {
    for (const entity of items(property(root, listKey))) {
      const name = nameOf(entity, `${noun[0]?.toUpperCase() ?? ''}${noun.slice(1)}Name`);
      for (const inline of items(property(entity, policyListKey))) {
        add(property(inline, 'PolicyDocument'), 'identity', `inline policy ${nameOf(inline, 'PolicyName')} of ${noun} ${name}`);
      }
      if (noun === 'role') add(property(entity, 'AssumeRolePolicyDocument'), 'trust', `trust policy of role ${name}`);
    }
  }
  for (const policy of items(property(root, 'Policies'))) {
    const name = nameOf(policy, 'PolicyName');
    for (const version of items(property(policy, 'PolicyVersionList'))) {
      add(property(version, 'Document'), 'identity', `policy ${name} ${nameOf(version, 'VersionId')}`);
    }
  }
  return found;
}

function nameOf(node: JsonNode | undefined, key: string): string {
  const value = property(node, key)?.value;
  return typeof value === 'string' ? value : '?';
}

/** True when the top level looks like authorization-details output. */
export function isAuthorizationDetails(root: JsonNode | undefined): boolean {
  return ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((key) => property(root, key)?.type === 'array');
}

/**
 * `isAuthorizationDetails` for text too big to parse on every open (exports run to tens of megabytes): a quick search
 * for the list names, then a token scan that confirms one of them is a key of the top-level object.
 */
export function looksLikeAuthorizationDetailsText(text: string): boolean {
  if (!/^\s*\{/.test(text) || !/"(UserDetailList|GroupDetailList|RoleDetailList)"\s*:\s*\[/.test(text)) return false;
  const scanner = createScanner(text, true);
  let depth = 0;
  let key: string | undefined;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) depth++;
    else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth--;
    else if (kind === SyntaxKind.StringLiteral && depth === 1) {
      key = scanner.getTokenValue();
      continue;
    } else if (kind === SyntaxKind.ColonToken && depth === 1 && key !== undefined && EXPORT_LISTS.has(key)) return true;
    key = undefined;
  }
  return false;
}

const EXPORT_LISTS = new Set(['UserDetailList', 'GroupDetailList', 'RoleDetailList']);

/**
 * True when a JSON text's top level is a policy document or a broken attempt at one: it has a `Statement` key in any
 * capitalisation (or `Statements`), or a `Version` holding one of the two policy language versions.
 */
export function looksLikePolicy(root: JsonNode | undefined, text: string): boolean {
  if (root === undefined) return /"\s*statements?\s*"\s*:/i.test(text);
  if (root.type !== 'object') return false;
  for (const [key, value] of entries(root)) {
    const lower = key.toLowerCase();
    if (lower === 'statement' || lower === 'statements') return true;
    if (lower === 'version' && (value.value === '2012-10-17' || value.value === '2008-10-17')) return true;
  }
  return false;
}
