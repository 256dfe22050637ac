import type { EvaluationModel, ModelAccount, ModelPrincipal, ModelResource, OrgLevel, PolicyRef } from '../evaluator/model';
import type { EvaluationRequest } from '../evaluator/types';
import { CompilablePolicyRef } from '../evaluator/policyRef';
import type { FileEdit } from '../explain/explanation';
import { parsePolicy } from '../parser/parsePolicy';
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
 * The model as it would load from its files with `edits` applied, when every edit falls inside a policy document:
 * the loader keeps a document as its text and nothing else in the model depends on what that text says, so the model
 * with the edited texts swapped in is the model the edited files load into. Nothing is read again and only the
 * edited documents are parsed (judging a fix used to load a 72 MB export again, a second or more each). Entities whose
 * documents hold no edit are the loaded model's own objects; the others are copies made on their first lookup.
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
  private readonly byFile = new Map<string, FileEdit[]>();
  private readonly applied = new Set<FileEdit>();
  private unfaithful = false;
  private readonly refs = new Map<PolicyRef, PolicyRef>();

  constructor(private readonly edits: readonly FileEdit[]) {
    for (const edit of edits) this.byFile.set(edit.file, [...(this.byFile.get(edit.file) ?? []), edit]);
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
    // An edit that leaves the document not one JSON object (one written at its edge, outside the braces) changes how
    // the file around it reads; only loading the file again can say what it then means.
    if (parsed.problems.some((problem) => LOAD_PROBLEMS.has(problem.kind))) this.unfaithful = true;
    return new CompilablePolicyRef(source, { parsed, text: editedText });
  }
}

/** `model` with `documents` edited: the loaded model's own entities where nothing of theirs changed, copies elsewhere. */
function editedModel(model: EvaluationModel, documents: EditedDocuments): EvaluationModel {
  const principal = memoised((p: ModelPrincipal): ModelPrincipal => {
    const identityPolicies = documents.list(p.identityPolicies);
    const permissionsBoundary = p.permissionsBoundary && documents.ref(p.permissionsBoundary);
    const trustPolicy = p.trustPolicy && documents.ref(p.trustPolicy);
    if (identityPolicies === p.identityPolicies && permissionsBoundary === p.permissionsBoundary && trustPolicy === p.trustPolicy) return p;
    // Field by field: a loaded principal may be a class whose fields are getters, which a spread would not copy.
    return {
      kind: p.kind,
      arn: p.arn,
      accountId: p.accountId,
      name: p.name,
      path: p.path,
      uniqueId: p.uniqueId,
      tags: p.tags,
      identityPolicies,
      ...(permissionsBoundary ? { permissionsBoundary } : {}),
      ...(trustPolicy ? { trustPolicy } : {}),
      groups: p.groups,
      serviceLinked: p.serviceLinked,
    };
  });
  const resource = memoised((r: ModelResource): ModelResource => {
    const policy = r.policy && documents.ref(r.policy);
    if (policy === r.policy) return r;
    return {
      arn: r.arn,
      accountId: r.accountId,
      ...(policy ? { policy } : {}),
      tags: r.tags,
      ...(r.restrictPublicBuckets !== undefined ? { restrictPublicBuckets: r.restrictPublicBuckets } : {}),
    };
  });
  const level = memoised((l: OrgLevel): OrgLevel => {
    const scps = documents.list(l.scps);
    const rcps = documents.list(l.rcps);
    return scps === l.scps && rcps === l.rcps ? l : { id: l.id, scps, rcps };
  });
  const account = memoised((a: ModelAccount): ModelAccount => {
    const orgPath = a.orgPath.map(level);
    if (orgPath.every((l, i) => l === a.orgPath[i])) return a;
    return {
      id: a.id,
      orgPath,
      isManagementAccount: a.isManagementAccount,
      ...(a.organizationId !== undefined ? { organizationId: a.organizationId } : {}),
    };
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

/**
 * `edits` applied to a text that starts at `start` in the file their offsets are in (0: the whole file), last first
 * so that earlier offsets stay valid.
 */
export function applyEdits(text: string, edits: readonly FileEdit[], start = 0): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.offset - a.span.offset)) {
    const offset = edit.span.offset - start;
    out = out.slice(0, offset) + edit.newText + out.slice(offset + edit.span.length);
  }
  return out;
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
