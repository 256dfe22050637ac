import type { EvaluationModel, ModelAccount, ModelPrincipal, ModelResource, OrgLevel, PolicyRef } from '../evaluator/model';
import type { EvaluationRequest } from '../evaluator/types';
import { CompilablePolicyRef } from '../evaluator/policyRef';
import type { FileEdit } from '../explain/explanation';
import { MAX_NESTING_DEPTH, parsePolicy } from '../parser/parsePolicy';
import type { ParsedPolicy } from '../parser/policyTree';
import { nestingBeyond } from '../parser/nesting';
import { applyEdits, editsByFile } from './applyEdits';
import { LOAD_PROBLEMS } from './policyLoader';

/** A loaded model seen with some of its policy documents edited (see `withEditedDocuments`). */
export interface EditedModel {
  readonly model: EvaluationModel;
  /** A request's own policies (session and endpoint policies, read from their files) with the edits made to them. */
  request(request: EvaluationRequest): EvaluationRequest;
  /**
   * Whether what was asked of `model` and `request` so far is what the edited files, loaded again, would answer:
   * every edit fell inside a document a lookup reached, and each edited document is still one JSON object. When
   * false, the edited files must be loaded to know.
   */
  answersAsReloaded(): boolean;
}

/**
 * The model as it would load from its files with `edits` applied, when every edit falls inside a policy document and
 * leaves it one JSON object within its own braces: the loader keeps a document as its text, and nothing else in the
 * model depends on what that text says, so the model with the edited texts swapped in is the model the edited files
 * load into. Nothing is read again and only the edited documents are parsed (judging a fix used to load a 72 MB
 * export again, a second or more each). Entities whose documents hold no edit are the loaded model's own objects; the
 * others are copies made on their first lookup.
 */
export function withEditedDocuments(model: EvaluationModel, edits: readonly FileEdit[]): EditedModel {
  const documents = new EditedDocuments(edits);
  return {
    model: editedModel(model, documents),
    request: (request) => {
      const { sessionPolicyRefs, endpointPolicyRefs } = request;
      const sessions = sessionPolicyRefs && documents.list(sessionPolicyRefs);
      const endpoints = endpointPolicyRefs && documents.list(endpointPolicyRefs);
      if (sessions === sessionPolicyRefs && endpoints === endpointPolicyRefs) return request;
      return { ...request, ...(sessions ? { sessionPolicyRefs: sessions } : {}), ...(endpoints ? { endpointPolicyRefs: endpoints } : {}) };
    },
    answersAsReloaded: () => documents.faithful(),
  };
}

/** Policy refs with the edits inside their documents made, each ref edited once; and whether that was faithful. */
class EditedDocuments {
  private readonly byFile: ReadonlyMap<string, readonly FileEdit[]>;
  private readonly applied = new Set<FileEdit>();
  private unfaithful = false;
  private readonly refs = new Map<PolicyRef, PolicyRef>();

  constructor(private readonly edits: readonly FileEdit[]) {
    this.byFile = editsByFile(edits);
  }

  /** See `EditedModel.answersAsReloaded`. */
  faithful(): boolean {
    return !this.unfaithful && this.edits.every((edit) => this.applied.has(edit));
  }

  ref(ref: PolicyRef): PolicyRef {
    let edited = this.refs.get(ref);
    if (edited === undefined) {
      edited = this.edited(ref);
      this.refs.set(ref, edited);
    }
    return edited;
  }

  /** The list itself when no ref in it changed. */
  list(list: readonly PolicyRef[]): readonly PolicyRef[] {
    const edited = list.map((ref) => this.ref(ref));
    return edited.some((ref, i) => ref !== list[i]) ? edited : list;
  }

  private edited(ref: PolicyRef): PolicyRef {
    const { source } = ref;
    const inFile = source.file === undefined ? undefined : this.byFile.get(source.file);
    if (inFile === undefined) return ref;
    // A document written inline sits at `source.span` in its file; a policy file is the document.
    const text = ref instanceof CompilablePolicyRef ? ref.text : ref.parsed.text;
    const start = source.span?.offset ?? 0;
    const end = start + (source.span?.length ?? text.length);
    const mine = inFile.filter((edit) => edit.span.offset >= start && edit.span.offset + edit.span.length <= end);
    if (mine.length === 0) return ref;
    for (const edit of mine) this.applied.add(edit);
    // A URL-decoded document's offsets are not the file's.
    if (source.decoded === true) {
      this.unfaithful = true;
      return ref;
    }
    const editedText = applyEdits(text, mine, start);
    const parsed = parsePolicy(editedText);
    if (!staysWithinItsBraces(mine, start, end, parsed, editedText)) this.unfaithful = true;
    return new CompilablePolicyRef(source, { parsed, text: editedText });
  }
}

/**
 * Whether the edited document is still one JSON object that changes nothing around it: no edit at its braces, no
 * syntax error, no comment (a line comment would run on past the document, over the rest of its line in the file),
 * and no nesting the file's own limit could reach (a document sits a few levels deep in its file). Otherwise only
 * loading the edited file can say what it means.
 */
function staysWithinItsBraces(edits: readonly FileEdit[], start: number, end: number, parsed: ParsedPolicy, text: string): boolean {
  if (edits.some((edit) => edit.span.offset === start || edit.span.offset + edit.span.length === end)) return false;
  if (parsed.problems.some((problem) => LOAD_PROBLEMS.has(problem.kind) || problem.kind === 'comment')) return false;
  return nestingBeyond(text, MAX_NESTING_DEPTH - NESTING_HEADROOM) === undefined;
}

/** How deep in its file a document may sit, at most, for its own nesting to be judged alone (a model's are 5–7 deep). */
const NESTING_HEADROOM = 32;

/** `model` with `documents` edited: the loaded model's own entities where nothing of theirs changed, copies elsewhere. */
function editedModel(model: EvaluationModel, documents: EditedDocuments): EvaluationModel {
  const principal = memoised((p: ModelPrincipal): ModelPrincipal => {
    const identityPolicies = documents.list(p.identityPolicies);
    const permissionsBoundary = p.permissionsBoundary && documents.ref(p.permissionsBoundary);
    const trustPolicy = p.trustPolicy && documents.ref(p.trustPolicy);
    if (identityPolicies === p.identityPolicies && permissionsBoundary === p.permissionsBoundary && trustPolicy === p.trustPolicy) return p;
    return copied(p, PRINCIPAL_FIELDS, { identityPolicies, permissionsBoundary, trustPolicy });
  });
  const resource = memoised((r: ModelResource): ModelResource => {
    const policy = r.policy && documents.ref(r.policy);
    return policy === r.policy ? r : copied(r, RESOURCE_FIELDS, { policy });
  });
  const level = memoised((l: OrgLevel): OrgLevel => {
    const scps = documents.list(l.scps);
    const rcps = documents.list(l.rcps);
    return scps === l.scps && rcps === l.rcps ? l : copied(l, LEVEL_FIELDS, { scps, rcps });
  });
  const account = memoised((a: ModelAccount): ModelAccount => {
    const orgPath = a.orgPath.map(level);
    return orgPath.every((l, i) => l === a.orgPath[i]) ? a : copied(a, ACCOUNT_FIELDS, { orgPath });
  });
  let principals: readonly ModelPrincipal[] | undefined;
  let resources: readonly ModelResource[] | undefined;
  return {
    account: (id) => optional(model.account(id), account),
    principal: (arn) => optional(model.principal(arn), principal),
    resource: (arn) => optional(model.resource(arn), resource),
    principals: () => (principals ??= model.principals().map(principal)),
    resources: () => (resources ??= model.resources().map(resource)),
  };
}

/** Every field of an entity, so that a field added to its type must be added here too (the copy would lose it). */
type AllFields<T> = { readonly [K in keyof T]-?: true };

const PRINCIPAL_FIELDS: AllFields<ModelPrincipal> = {
  kind: true,
  arn: true,
  accountId: true,
  name: true,
  path: true,
  uniqueId: true,
  tags: true,
  identityPolicies: true,
  permissionsBoundary: true,
  trustPolicy: true,
  groups: true,
  serviceLinked: true,
};
const RESOURCE_FIELDS: AllFields<ModelResource> = { arn: true, accountId: true, policy: true, tags: true, restrictPublicBuckets: true };
const LEVEL_FIELDS: AllFields<OrgLevel> = { id: true, scps: true, rcps: true };
const ACCOUNT_FIELDS: AllFields<ModelAccount> = { id: true, orgPath: true, isManagementAccount: true, organizationId: true };

/**
 * A plain copy of `entity` with `changes`, field by field: a loaded entity may be a class whose fields are getters,
 * which a spread would not copy. A field left undefined is left out, as the loader leaves it.
 */
function copied<T extends object>(entity: T, fields: AllFields<T>, changes: { readonly [K in keyof T]?: T[K] | undefined }): T {
  const copy: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const value = key in changes ? changes[key] : entity[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy as T;
}

/** One copy of each entity, however many lookups reach it: the evaluator may tell entities apart by identity. */
function memoised<T extends object>(edit: (entity: T) => T): (entity: T) => T {
  const seen = new Map<T, T>();
  return (entity) => {
    let edited = seen.get(entity);
    if (edited === undefined) seen.set(entity, (edited = edit(entity)));
    return edited;
  };
}

function optional<T>(entity: T | undefined, edit: (entity: T) => T): T | undefined {
  return entity === undefined ? undefined : edit(entity);
}
