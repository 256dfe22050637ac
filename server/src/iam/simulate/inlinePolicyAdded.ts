import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { iamUserOrRole } from '../arn';
import type { EvaluationResult } from '../evaluator/types';
import { appendItem, oneLineObject } from '../textLayout';
import type { Candidate } from './candidate';
import { freeName, statementEntries } from './addedStatement';

/** A hand-written account model's file, read and parsed, for a fix that writes into the model itself. */
export interface ModelFile {
  readonly path: string;
  readonly text: string;
  readonly tree: JsonNode;
}

/**
 * Models larger than this are not used for the fix: a model written by hand is far smaller, and a larger one (an
 * export, a generated organization) would be parsed again, and loaded again to judge the fix.
 */
const MAX_MODEL_LENGTH = 1024 * 1024;

/**
 * How many times one loaded model is read for the fix: judging it loads the edited model again (the model's structure
 * changes, not a document in it), so a test run with many failing tests offers it to the first ones only.
 */
const MAX_READS_PER_MODEL = 16;

/** Per loaded model: how many times it was read for the fix, or `tooLarge` once it was found over the limit. */
const READS = new WeakMap<object, number | 'tooLarge'>();

/**
 * The model's file as `inlinePolicyAdded` wants it, read and parsed when a fix needs it (nothing is kept: a language
 * server holds its models for long); undefined when it cannot be read, is too large, or was read enough for this model.
 */
export function modelFileOf(model: object, path: string, read: () => string | undefined): ModelFile | undefined {
  const reads = READS.get(model) ?? 0;
  if (reads === 'tooLarge' || reads >= MAX_READS_PER_MODEL) return undefined;
  const text = read();
  if (text !== undefined && text.length > MAX_MODEL_LENGTH) {
    READS.set(model, 'tooLarge');
    return undefined;
  }
  READS.set(model, reads + 1);
  const tree = text === undefined ? undefined : parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  return text !== undefined && tree !== undefined ? { path, text, tree } : undefined;
}

/**
 * An inline policy of its own for a user or role the model file declares, allowing exactly the request: the fix for a
 * principal with no policy a statement could be added to (a new role with only its trust policy). Written into the
 * principal's `inlinePolicies` (made when it has none) on one line, as models mostly write inline policies. Undefined
 * when the model file does not declare the principal as an object (an export, a template, a principal of an included
 * file) or is no JSON the reader can place it in.
 */
export function inlinePolicyAdded(
  result: EvaluationResult,
  modelFile: () => ModelFile | undefined,
  principalArn = result.request.principal,
): Candidate | undefined {
  // A role session's role, when that is who the fix names (CandidateOptions.principalToName).
  const principal = iamUserOrRole(principalArn);
  const file = principal === undefined ? undefined : modelFile();
  if (principal === undefined || file === undefined) return undefined;
  const { text, tree } = file;
  const declared = findNodeAtLocation(tree, ['accounts', principal.account, principal.kind === 'user' ? 'users' : 'roles', principal.name]);
  if (declared?.type !== 'object') return undefined;
  const inline = findNodeAtLocation(declared, ['inlinePolicies']);
  if (inline !== undefined && inline.type !== 'object') return undefined;
  const taken = new Set((inline?.children ?? []).map((property) => String(property.children?.[0]?.value)));
  const name = freeName(taken, result.request.action);
  const entries = statementEntries(name, result.request);
  const policy = `${JSON.stringify(name)}: { "Version": "2012-10-17", "Statement": [${oneLineObject(entries, true)}] }`;
  const edit = inline ? appendItem(text, inline, policy) : appendItem(text, declared, `"inlinePolicies": { ${policy} }`);
  if (edit === undefined) return undefined;
  const { action, resource } = result.request;
  return {
    title: `Give ${principal.kind} ${principal.name} an inline policy ${name} that allows ${action} on ${resource}`,
    kind: 'edit',
    edits: [{ file: file.path, ...edit }],
    context: {},
  };
}

/** A resource the model declares, where a policy of its own may be written (`resourcePolicyAdded`). */
export interface ResourceHome {
  readonly arn: string;
  readonly accountId: string;
}

/**
 * A resource policy for a resource the model file declares without one, allowing exactly the request to its principal
 * (`principalArn`: a role session's role): across accounts, the resource's account must allow the request too, and a
 * resource with no policy allows nobody from another account. Undefined when the model file does not declare the
 * resource as an object, or declares a policy for it already.
 */
export function resourcePolicyAdded(
  result: EvaluationResult,
  modelFile: () => ModelFile | undefined,
  home: ResourceHome,
  principalArn = result.request.principal,
): Candidate | undefined {
  const file = modelFile();
  const declared = file && findNodeAtLocation(file.tree, ['accounts', home.accountId, 'resources', home.arn]);
  if (file === undefined || declared?.type !== 'object' || findNodeAtLocation(declared, ['policy']) !== undefined) return undefined;
  const { action, resource } = result.request;
  const sid = freeName(new Set(), action);
  const statement = `{ "Sid": ${JSON.stringify(sid)}, "Effect": "Allow", "Principal": { "AWS": ${JSON.stringify(principalArn)} }, "Action": ${JSON.stringify(action)}, "Resource": ${JSON.stringify(resource)} }`;
  const edit = appendItem(file.text, declared, `"policy": { "Version": "2012-10-17", "Statement": [${statement}] }`);
  if (edit === undefined) return undefined;
  return {
    title: `Give ${home.arn} a resource policy that allows ${principalArn} ${action} on ${resource}`,
    kind: 'edit',
    edits: [{ file: file.path, ...edit }],
    context: {},
  };
}
