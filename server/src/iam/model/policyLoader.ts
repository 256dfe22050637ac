import { parsePolicy } from '../parser/parsePolicy';
import { readPlainPolicy, readPlainValue } from '../parser/plainPolicy';
import type { ParsedPolicy, ParseProblemKind } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import type { Span, TextInParts } from '../span';
import type { PolicySource } from '../evaluator/types';
import type { PolicyRef } from '../evaluator/model';
import { CompilablePolicyRef } from '../evaluator/policyRef';
import { nodeSpan, describeType, type JsonNode, type JsonReader, type LocatedString } from './jsonReader';
import type { ModelDiagnostic, ModelHost } from './modelTypes';
import { ValueNode } from './valueTree';
import { fileHoldsUnresolved } from '../unresolvedMarker';

/**
 * A policy document loaded once: its parse, and where its text lives. Spans inside `parsed` are relative to
 * `parsed.text`; `span` says where that text starts in `file` (inline documents sit inside a model or export file).
 */
export interface PolicyDocumentHandle {
  readonly key: string;
  readonly parsed: ParsedPolicy;
  /** The document's text, when it can be had without parsing it. */
  readonly text?: string;
  readonly file?: string;
  readonly span?: Span;
  /** True when the text was URL-decoded from an export, so inner spans do not map onto `file`. */
  readonly decoded?: boolean;
  /**
   * The document read without positions, for deciding a request (parser/plainPolicy.ts), when its reader offers one
   * that needs no text (a model read with JSON.parse); undefined when it must be parsed with positions.
   */
  readonly readPlain?: () => ParsedPolicy | undefined;
}

export interface AttachmentInfo {
  readonly name: string;
  readonly type: PolicyType;
  readonly arn?: string;
  readonly attachedTo?: string;
}

/** Each source the loaders made, to its ref: traces carry sources, and an explanation needs the document behind one. */
const refsBySource = new WeakMap<PolicySource, PolicyRef>();

/** The ref a model loader made for this source, if one did. */
export function refOfSource(source: PolicySource): PolicyRef | undefined {
  return refsBySource.get(source);
}

/** How many parses `PolicyLoader.parseOnce` keeps for reuse; a few megabytes of position trees. */
const RECENT_PARSES = 512;

// Problems that stop a document from meaning anything. Comments and duplicate keys are the validator's business.
export const LOAD_PROBLEMS: ReadonlySet<ParseProblemKind> = new Set(['syntax', 'notAnObject', 'empty', 'tooDeep', 'invalidCharacter']);

/**
 * Loads policy documents for one model load: files relative to the file that names them, inline objects, texts
 * from exports and the AWS managed snapshot. Files are parsed at load, inline documents on use; every (document, use) pair gets one
 * shared `PolicyRef`, so the evaluator's per-ref compile cache works across principals.
 */
export class PolicyLoader {
  private readonly documents = new Map<string, PolicyDocumentHandle | undefined>();
  /** Each reader whose inline documents this loader keeps, numbered. */
  private readonly readerIds = new Map<JsonReader, number>();
  /** Files that could not be read, with why: each later reference to one is reported too. */
  private readonly unreadable = new Map<string, string>();
  /**
   * Per document, its refs by use (type, name, attachment). A document is mostly used once: its one ref stands alone,
   * and a map is made at its second use (a large export has tens of thousands of documents).
   */
  private readonly refs = new Map<PolicyDocumentHandle, CompilablePolicyRef | Map<string, CompilablePolicyRef>>();
  /**
   * The latest parses by text. Exports repeat the same inline document many times (copied policies), and identical
   * texts met close together share one parse (and so one compile). Bounded: a parse (its position tree) is about ten
   * times its text, and a document parsed on first use is compiled once and then needs its parse only to be explained.
   */
  private readonly parsedByText = new Map<string, ParsedPolicy>();
  readonly filesRead = new Set<string>();
  /** Whether a text of the model (see `noteText`) holds a value its configuration left open. */
  openValuesRead = false;

  constructor(
    private readonly host: ModelHost,
    private readonly diagnostics: ModelDiagnostic[],
    /** Parse inline documents at load instead of on first use (see `LoadModelOptions.eager`). */
    private readonly eager = false,
  ) {}

  /**
   * Every text the model reads passes here (its file, a built template, a policy file, an export, whose documents are
   * URL-encoded), so that answers on a model with no open value never look for one: one search of each text instead of
   * one per policy a request meets.
   */
  noteText(text: string): void {
    if (!this.openValuesRead && fileHoldsUnresolved(text)) this.openValuesRead = true;
  }

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
    this.noteText(text);
    const parsed = this.parseOnce(text);
    const handle: PolicyDocumentHandle = { key, parsed, file };
    this.reportProblems(handle, file, 0);
    this.documents.set(key, handle);
    return handle;
  }

  /**
   * An object inside a JSON file, taken as its own text so spans inside are relative to the object's start. Only its
   * span is kept: it is parsed when a request or an explanation first reads `parsed`, so loading a large model or
   * export costs only the documents a request touches. The reader has checked the object's syntax (as JSONC or,
   * read sparsely, as strict JSON), so nothing about it is reported at load; comments and duplicate keys inside are
   * the validator's business, and what the policy parser finds is in `parsed.problems`.
   */
  inline(reader: JsonReader, node: JsonNode): PolicyDocumentHandle {
    // A value of a file read as values (valueTree.ts): read once, so no other handle can be for it.
    if (node instanceof ValueNode && !this.eager) return new ValueDocument(reader.file, node, this.parseOnce);
    // Keyed by the reader, not only its file: a template listed under two accounts is read twice from one file, into
    // two texts (each with its own account's ARNs) whose documents sit at the same offsets.
    let readerId = this.readerIds.get(reader);
    if (readerId === undefined) this.readerIds.set(reader, (readerId = this.readerIds.size));
    const key = inlineKey(reader.file, readerId, node.offset);
    const existing = this.documents.get(key);
    if (existing) return existing;
    const handle = new SpanDocument(readerId, reader.file, nodeSpan(node), reader.text, this.parseOnce, this.eager);
    this.documents.set(key, handle);
    return handle;
  }

  /**
   * The same for an object the caller reads only once (each document of an export scanned from its text, see
   * `scanExport`): nothing is remembered for it here, so an export's tens of thousands of documents cost one small
   * object each, made when a request first reaches them.
   */
  inlineOnce(reader: JsonReader, span: Span, text: TextInParts): PolicyDocumentHandle {
    let readerId = this.readerIds.get(reader);
    if (readerId === undefined) this.readerIds.set(reader, (readerId = this.readerIds.size));
    return new SpanDocument(readerId, reader.file, span, text, this.parseOnce, this.eager);
  }

  /** A document that exists only as text (URL-decoded export documents, the managed-policy snapshot). */
  fromText(key: string, text: string, origin: { file?: string; span?: Span; decoded?: boolean }): PolicyDocumentHandle {
    const existing = this.documents.get(key);
    if (existing) return existing;
    const parsed = this.parseOnce(text);
    const handle: PolicyDocumentHandle = {
      key,
      parsed,
      ...(origin.file !== undefined ? { file: origin.file } : {}),
      // As plain data, whatever held it (a span found when read, see valueTree.ts): it is reported and explained.
      ...(origin.span !== undefined ? { span: { offset: origin.span.offset, length: origin.span.length } } : {}),
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
    const handle = text === undefined ? undefined : { key, parsed: this.parseOnce(text) };
    this.documents.set(key, handle);
    return handle;
  }

  /** Parses a document's text, or hands back the parse of an identical text parsed recently. */
  private readonly parseOnce = (text: string): ParsedPolicy => {
    let parsed = this.parsedByText.get(text);
    if (!parsed) {
      parsed = parsePolicy(text);
      if (this.parsedByText.size >= RECENT_PARSES) this.parsedByText.delete(this.parsedByText.keys().next().value as string);
      this.parsedByText.set(text, parsed);
    }
    return parsed;
  };

  /** The snapshot's policies, for suggestions (empty without a snapshot). */
  awsManagedList(): readonly { readonly name: string; readonly arn: string }[] {
    return this.host.managedPolicies?.list?.() ?? [];
  }

  /** The shared `PolicyRef` for this document used this way. */
  ref(doc: PolicyDocumentHandle, use: AttachmentInfo): PolicyRef {
    const known = this.refs.get(doc);
    if (known instanceof CompilablePolicyRef && sameUse(known.source, use)) return known;
    const key = useKey(use);
    const existing = known instanceof Map ? known.get(key) : undefined;
    if (existing) return existing;
    // Assigned field by field, in this order, rather than spread: a large export makes tens of thousands of these.
    const source: { -readonly [K in keyof PolicySource]: PolicySource[K] } = { name: use.name, type: use.type };
    if (use.arn !== undefined) source.arn = use.arn;
    if (doc.file !== undefined) source.file = doc.file;
    if (doc.span !== undefined) source.span = doc.span;
    if (use.attachedTo !== undefined) source.attachedTo = use.attachedTo;
    if (doc.decoded) source.decoded = true;
    // `doc.parsed` is read on use, so documents parsed on first use (see `inline`) stay unparsed until needed.
    const ref = new CompilablePolicyRef(source, doc);
    if (known === undefined) this.refs.set(doc, ref);
    else if (known instanceof Map) known.set(key, ref);
    else
      this.refs.set(
        doc,
        new Map([
          [useKey(known.source), known],
          [key, ref],
        ]),
      );
    refsBySource.set(source, ref);
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

/** The key of an object inside a file read by one reader (see `PolicyLoader.inline`). */
function inlineKey(file: string, readerId: number, offset: number): string {
  return `inline:${file}#${readerId}:${offset}`;
}

/** What tells two uses of one document apart: each gets its own ref (and source, for traces). */
function useKey(use: { readonly type: string; readonly name: string; readonly attachedTo?: string | undefined }): string {
  return `${use.type}\u0000${use.name}\u0000${use.attachedTo ?? ''}`;
}

function sameUse(source: PolicySource, use: AttachmentInfo): boolean {
  return source.type === use.type && source.name === use.name && source.attachedTo === use.attachedTo;
}

/**
 * A document known by its span in a file's text, parsed when `parsed` is read (see `PolicyLoader.inline`). It does
 * not keep its parse: the evaluator reads it once, to compile, and keeps the compiled form; an explanation reads it
 * again and gets the loader's recent parse of the same text, or a fresh parse, identical. Tens of thousands of
 * position trees resident for a CI run were most of its memory and a third of its time (garbage collection).
 */
class SpanDocument implements PolicyDocumentHandle {
  /** Kept only when the model is loaded eagerly (every document parsed at load, held for the load's life). */
  private readonly kept: ParsedPolicy | undefined;
  /**
   * The text, once read: a slice of the file's text, small, and one string every time, so that what is remembered
   * by text (parses, who-can's reading of a policy attached to thousands) hashes it once.
   */
  private textRead: string | undefined;

  constructor(
    private readonly readerId: number,
    readonly file: string,
    readonly span: Span,
    /** The file's text, or (an export read a window at a time) where it is read from. */
    private readonly fileText: TextInParts,
    private readonly parse: (text: string) => ParsedPolicy,
    keep: boolean,
  ) {
    this.kept = keep ? parse(this.text) : undefined;
  }

  get key(): string {
    return inlineKey(this.file, this.readerId, this.span.offset);
  }

  get text(): string {
    return (this.textRead ??= this.fileText.slice(this.span.offset, this.span.offset + this.span.length));
  }

  get parsed(): ParsedPolicy {
    return this.kept ?? this.parse(this.text);
  }
}

/**
 * A document of a model read as values (model/valueTree.ts): a request decides from its value, read from its text
 * when the model left it as text, and its span is found only when an explanation or a message reads it.
 */
class ValueDocument implements PolicyDocumentHandle {
  /**
   * Found when read. Made here, with the model, rather than when a ref first asks: made during a test run, tens of
   * thousands of them outlived young collections among each request's garbage (peak RSS 390 MB instead of 310).
   */
  readonly span: Span;

  constructor(
    readonly file: string,
    private readonly node: ValueNode,
    private readonly parse: (text: string) => ParsedPolicy,
  ) {
    this.span = node.plainLazySpan();
  }

  get key(): string {
    return `inline:${this.file}:${this.span.offset}`;
  }

  get text(): string {
    return this.node.text;
  }

  get parsed(): ParsedPolicy {
    return this.parse(this.text);
  }

  readPlain(): ParsedPolicy | undefined {
    const { node } = this;
    if (!node.plainDocument) return readPlainPolicy(this.text);
    // A document left as text is read from it; the skeleton counted its keys, and the file holds no refused character.
    const opaque = node.opaqueObject;
    return opaque ? readPlainPolicy(this.text, opaque) : readPlainValue(node.raw, () => this.text);
  }
}
