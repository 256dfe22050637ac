import type { SparseReading } from './jsonReader';
import { VALUES_FROM } from './valueTree';
import type { JsonNode } from './jsonReader';
import { strictSparseTree, tolerantSparseTree } from './sparseTree';
import { MAX_NESTING_DEPTH } from '../parser/parsePolicy';
import { nestingBeyond } from '../parser/nesting';

/**
 * Whether the object at `key` is one of a model's policy documents, by where it is: its depth (the root is 1) and the
 * keys of the two objects above it. A name alone does not say: a group may be named `policies`, a user `policy`, a
 * role `trustPolicy`, and what is inside them is no document (a group named `policies` read so lost its inline
 * policies, in strict JSON only).
 *   organization.policies.NAME                                   depth 4
 *   accounts.ID.policies.NAME                                    depth 5
 *   accounts.ID.roles.NAME.trustPolicy                           depth 6
 *   accounts.ID.resources.ARN.policy                             depth 6
 *   accounts.ID.(users|groups|roles).NAME.inlinePolicies.NAME    depth 7
 */
function isModelDocument(key: string, containerKey: string | undefined, outerKey: string | undefined, depth: number): boolean {
  switch (depth) {
    case 4:
      return containerKey === 'policies' && outerKey === 'organization';
    case 5:
      return containerKey === 'policies' && outerKey !== undefined && outerKey !== 'organization';
    case 6:
      return (key === 'trustPolicy' && outerKey === 'roles') || (key === 'policy' && outerKey === 'resources');
    case 7:
      return containerKey === 'inlinePolicies' && outerKey !== undefined;
    default:
      return false;
  }
}

/**
 * How an account model is read: the structure (accounts, principals, attachments, the organization tree) in full,
 * each policy document only as its span, parsed when a request first reaches it. Only strict JSON is read this way;
 * a model with comments or syntax errors is read in full, so that what is wrong inside a document is reported at
 * load as before. A large file in plain JSON (no duplicate keys outside its documents, see valueTree.ts) is read as
 * values, with no tree at all, its documents left as text. An object where a name or a list belongs (`"policies":
 * { … }` on a user) is still an object, so the reader's messages about it are the same either way.
 */
export const MODEL_READING: SparseReading = {
  // An export written inline in a model (an account's `authorizationDetails`) is read in full: its documents sit in
  // arrays, where a sparse reading's rule is given no keys to tell them by.
  isOpaque: isModelDocument,
  strictOnly: true,
  valuesFrom: VALUES_FROM,
  opaqueValues: true,
};

/** How deep an account's section is in a model: the root is 1, `accounts` 2. */
export const ACCOUNT_DEPTH = 3;

/**
 * The same, for a command that answers a request or two (loadModel's `accountsOnDemand`): read as values, each
 * account's section is left as its text too, and read when a request first reaches the account.
 */
export const MODEL_READING_BY_ACCOUNT: SparseReading = {
  ...MODEL_READING,
  laterAsValues: (_key, containerKey, _outerKey, depth) => depth === ACCOUNT_DEPTH && containerKey === 'accounts',
};

/**
 * A model's structure as a jsonc-parser tree in which each policy document is an object node without children (its
 * span only), for an editor that validates each document on its own: in one strict pass, or, for text being typed
 * (a trailing comma, a value not written yet), through the fault-tolerant visitor; undefined when it nests deeper than
 * the limit (the visitor recurses).
 */
export function modelStructure(text: string): JsonNode | undefined {
  const strict = strictSparseTree(text, MODEL_READING.isOpaque, MAX_NESTING_DEPTH);
  if (strict !== undefined || nestingBeyond(text, MAX_NESTING_DEPTH) !== undefined) return strict;
  return tolerantSparseTree(text, MODEL_READING.isOpaque, []);
}
