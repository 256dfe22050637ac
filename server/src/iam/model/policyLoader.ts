import { parsePolicy } from '../parser/parsePolicy';
import type { ParsedPolicy, ParseProblemKind } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';
import type { PolicySource } from '../evaluator/types';
import type { PolicyRef } from '../evaluator/model';
import { CompilablePolicyRef } from '../evaluator/policyRef';
import { nodeSpan, describeType, type JsonNode, type JsonReader, type LocatedString } from './jsonReader';
import type { ModelDiagnostic, ModelHost } from './modelTypes';

/**
 * A policy document loaded once: its parse, and where its text lives. Spans inside `parsed` are relative to
 * `parsed.text`; `span` says where that text starts in `file` (inline documents sit inside a model or export file).
 */
export interface PolicyDocumentHandle {
  readonly key: string;
  readonly parsed: ParsedPolicy;
  readonly file?: string;
  readonly span?: Span;
  /** True when the text was URL-decoded from an export, so inner spans do not map onto `file`. */
  readonly decoded?: boolean;
}

export interface AttachmentInfo {
  readonly name: string;
  readonly type: PolicyType;
  readonly arn?: string;
  readonly attachedTo?: string;
}

// Problems that stop a document from meaning anything. Comments and duplicate keys are the validator's business.
const LOAD_PROBLEMS: ReadonlySet<ParseProblemKind> = new Set(['syntax', 'notAnObject', 'empty', 'tooDeep', 'invalidCharacter']);

/**
 * Loads policy documents for one model load: files relative to the file that names them, inline objects, texts
 * from exports and the AWS managed snapshot. Every document is parsed once; every (document, use) pair gets one
 * shared `PolicyRef`, so the evaluator's per-ref compile cache works across principals.
 */
export class PolicyLoader {
  private readonly documents = new Map<string, PolicyDocumentHandle | undefined>();
  /** Files that could not be read, with why: each later reference to one is reported too. */
  private readonly unreadable = new Map<string, string>();
  private readonly refs = new Map<string, PolicyRef>();
  /** Exports repeat the same inline document many times (copied policies); identical texts share one parse. */
  private readonly parsedByText = new Map<string, ParsedPolicy>();
  readonly filesRead = new Set<string>();

  constructor(
    private readonly host: ModelHost,
    private readonly diagnostics: ModelDiagnostic[],
  ) {}

  /** A policy given as an inline object or as a path string ending in `.json`. */
  fromNode(reader: JsonReader, node: JsonNode | undefined, what: string): PolicyDocumentHandle | undefined {
    if (node === undefined) return undefined;
    if (node.type === 'object') return this.inline(reader, node);
    if (node.type === 'string' && typeof node.value === 'string') {
      if (!node.value.toLowerCase().endsWith('.json')) {
        reader.report(nodeSpan(node), `${what} must be a policy document (an object) or the path of a .json file, not '${node.value}'.`, 'invalidPolicy');
        return undefined;
      }
      return this.fromFile(reader, { value: node.value, span: nodeSpan(node) }, what);
    }
    reader.report(nodeSpan(node), `${what} must be a policy document (an object) or the path of a .json file, not ${describeType(node)}.`, 'invalidPolicy');
    return undefined;
  }

  /** A policy file named (relative to `reader.file`) at `path.span`. Unreadable files are reported there. */
  fromFile(reader: JsonReader, path: LocatedString, what: string): PolicyDocumentHandle | undefined {
    const file = this.host.resolve(reader.file, path.value);
    const key = `file:${file}`;
    if (this.documents.has(key)) {
      const known = this.documents.get(key);
      // Every definition that names an unreadable file is told so, not just the first.
      const error = this.unreadable.get(file);
      if (!known && error !== undefined) reader.report(path.span, `Cannot read ${what} '${path.value}' (${file}): ${error}`, 'unreadableFile');
      return known;
    }
    const text = this.host.readFile(file);
    this.filesRead.add(file);
    if (typeof text !== 'string') {
      reader.report(path.span, `Cannot read ${what} '${path.value}' (${file}): ${text.error}`, 'unreadableFile');
      this.documents.set(key, undefined);
      this.unreadable.set(file, text.error);
      return undefined;
    }
    const parsed = parsePolicy(text);
    const handle: PolicyDocumentHandle = { key, parsed, file };
    this.reportProblems(handle, file, 0);
    this.documents.set(key, handle);
    return handle;
  }

  /** An object inside a JSON file, taken as its own text so spans inside are relative to the object's start. */
  inline(reader: JsonReader, node: JsonNode, syntaxChecked = true): PolicyDocumentHandle {
    const key = `inline:${reader.file}:${node.offset}`;
    const existing = this.documents.get(key);
    if (existing) return existing;
    const location = { file: reader.file, span: nodeSpan(node) };
    let handle: PolicyDocumentHandle;
    if (syntaxChecked) {
      // The object is a well-formed part of the file, whose syntax `JsonReader` already checked (as JSONC, so
      // comments and trailing commas the policy parser would flag are fine here): nothing to report.
      handle = { key, parsed: this.parse(reader.text.slice(node.offset, node.offset + node.length)), ...location };
    } else {
      // A document a sparse reader skipped (large exports): parsed on first use, so loading a 50 MB export costs only
      // the documents a request touches. Its problems are then in `parsed.problems`, not in the load's diagnostics;
      // exports are machine-written, so there are rarely any.
      let parsed: ParsedPolicy | undefined;
      const text = reader.text;
      const parse = (start: number, end: number): ParsedPolicy => (parsed ??= this.parse(text.slice(start, end)));
      const start = node.offset;
      const end = node.offset + node.length;
      handle = {
        key,
        get parsed(): ParsedPolicy {
          return parse(start, end);
        },
        ...location,
      };
    }
    this.documents.set(key, handle);
    return handle;
  }

  /** A document that exists only as text (URL-decoded export documents, the managed-policy snapshot). */
  fromText(key: string, text: string, origin: { file?: string; span?: Span; decoded?: boolean }): PolicyDocumentHandle {
    const existing = this.documents.get(key);
    if (existing) return existing;
    const parsed = this.parse(text);
    const handle: PolicyDocumentHandle = {
      key,
      parsed,
      ...(origin.file !== undefined ? { file: origin.file } : {}),
      ...(origin.span !== undefined ? { span: origin.span } : {}),
      ...(origin.decoded ? { decoded: true } : {}),
    };
    if (origin.file !== undefined) this.reportProblems(handle, origin.file, origin.span?.offset ?? 0, origin.decoded === true ? origin.span : undefined);
    this.documents.set(key, handle);
    return handle;
  }

  /** An AWS managed policy from the bundled snapshot, or undefined when the snapshot does not have it. */
  awsManaged(arn: string): PolicyDocumentHandle | undefined {
    const key = `aws:${arn}`;
    if (this.documents.has(key)) return this.documents.get(key);
    const text = this.host.managedPolicies?.text(arn);
    const handle = text === undefined ? undefined : { key, parsed: parsePolicy(text) };
    this.documents.set(key, handle);
    return handle;
  }

  private parse(text: string): ParsedPolicy {
    let parsed = this.parsedByText.get(text);
    if (!parsed) {
      parsed = parsePolicy(text);
      this.parsedByText.set(text, parsed);
    }
    return parsed;
  }

  /** The snapshot's policies, for suggestions (empty without a snapshot). */
  awsManagedList(): readonly { readonly name: string; readonly arn: string }[] {
    return this.host.managedPolicies?.list?.() ?? [];
  }

  /** The shared `PolicyRef` for this document used this way. */
  ref(doc: PolicyDocumentHandle, use: AttachmentInfo): PolicyRef {
    const key = `${doc.key}\u0000${use.type}\u0000${use.name}\u0000${use.attachedTo ?? ''}`;
    const existing = this.refs.get(key);
    if (existing) return existing;
    const source: PolicySource = {
      name: use.name,
      type: use.type,
      ...(use.arn !== undefined ? { arn: use.arn } : {}),
      ...(doc.file !== undefined ? { file: doc.file } : {}),
      ...(doc.span !== undefined ? { span: doc.span } : {}),
      ...(use.attachedTo !== undefined ? { attachedTo: use.attachedTo } : {}),
      ...(doc.decoded ? { decoded: true } : {}),
    };
    // `doc.parsed` is read on use, so documents parsed on first use (see `inline`) stay unparsed until needed.
    const ref = new CompilablePolicyRef(source, doc);
    this.refs.set(key, ref);
    return ref;
  }

  private reportProblems(handle: PolicyDocumentHandle, file: string, base: number, wholeSpan?: Span): void {
    for (const problem of handle.parsed.problems) {
      if (!LOAD_PROBLEMS.has(problem.kind)) continue;
      const span = wholeSpan ?? { offset: base + problem.span.offset, length: problem.span.length };
      this.diagnostics.push({ file, span, severity: 'error', message: `Policy document: ${problem.message}`, code: 'invalidPolicy' });
    }
  }
}
