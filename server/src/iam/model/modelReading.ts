import { GAAD_DOCUMENT_KEYS } from './authorizationDetails';
import type { SparseReading } from './jsonReader';
import { VALUES_FROM } from './valueTree';
import type { JsonNode } from './jsonReader';
import { strictSparseTree, tolerantSparseTree } from './sparseTree';
import { MAX_NESTING_DEPTH } from '../parser/parsePolicy';
import { nestingBeyond } from '../parser/nesting';

/** Keys whose object value is one policy document (a role's trust policy, a resource's policy, an export's). */
const DOCUMENT_KEYS: ReadonlySet<string> = new Set(['trustPolicy', 'policy', ...GAAD_DOCUMENT_KEYS]);

/** Keys whose object value maps names to policy documents (managed policies, SCPs and RCPs, inline policies). */
const DOCUMENT_MAP_KEYS: ReadonlySet<string> = new Set(['policies', 'inlinePolicies']);

/** Keys whose object value maps names to entities: a user, group or role named `policy` there is no document. */
const ENTITY_MAP_KEYS: ReadonlySet<string> = new Set(['users', 'groups', 'roles', 'resources', 'accounts']);

/**
 * How an account model is read: the structure (accounts, principals, attachments, the organization tree) in full,
 * each policy document only as its span, parsed when a request first reaches it. Only strict JSON is read this way;
 * a model with comments or syntax errors is read in full, so that what is wrong inside a document is reported at
 * load as before. A large file in plain JSON (no duplicate keys outside its documents, see valueTree.ts) is read as
 * values, with no tree at all, its documents left as text. An object where a name or a list belongs (`"policies":
 * { … }` on a user) is still an object, so the reader's messages about it are the same either way.
 */
export const MODEL_READING: SparseReading = {
  isOpaque: (key, containerKey) =>
    containerKey !== undefined && (DOCUMENT_MAP_KEYS.has(containerKey) || (DOCUMENT_KEYS.has(key) && !ENTITY_MAP_KEYS.has(containerKey))),
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
  isOpaque: (key, containerKey, depth) => (depth === ACCOUNT_DEPTH && containerKey === 'accounts') || MODEL_READING.isOpaque(key, containerKey),
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
