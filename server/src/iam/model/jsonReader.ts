import { capitalise } from '../explain/sentences';
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Severity } from '../findings';
import type { Span } from '../span';
import { MAX_NESTING_DEPTH } from '../parser/parsePolicy';
import { nestingBeyond } from '../parser/nesting';
import { didYouMean } from './closestNames';
import { strictSparseTree, tolerantSparseTree, type OpaqueRule } from './sparseTree';
import type { ModelDiagnostic } from './modelTypes';
import { readValueTree, ValueNode } from './valueTree';

export type { JsonNode };

/** One `"key": value` pair of a JSON object. */
export interface Prop {
  readonly key: string;
  readonly keySpan: Span;
  readonly span: Span;
  readonly value: JsonNode | undefined;
}

/** A string value with its span (quotes included). */
export interface LocatedString {
  readonly value: string;
  readonly span: Span;
}

export function nodeSpan(node: JsonNode): Span {
  // A value read with JSON.parse finds its span only if a message or an explanation reads it.
  if (node instanceof ValueNode) return node.lazySpan;
  return { offset: node.offset, length: node.length };
}

/** The properties of an object node, in source order. */
export function objectProps(node: JsonNode): Prop[] {
  if (node instanceof ValueNode) return node.type === 'object' ? node.properties() : [];
  const props: Prop[] = [];
  for (const child of node.children ?? []) {
    const keyNode = child.children?.[0];
    if (child.type !== 'property' || !keyNode || typeof keyNode.value !== 'string') continue;
    props.push({ key: keyNode.value, keySpan: nodeSpan(keyNode), span: nodeSpan(child), value: child.children?.[1] });
  }
  return props;
}

/**
 * How a reader skips policy documents. `strictOnly`: only strict JSON is read sparsely, anything else in full, so
 * that a hand-written model's comments and syntax errors inside a document are found as before; an export is
 * machine-written and always read sparsely.
 */
export interface SparseReading {
  readonly isOpaque: OpaqueRule;
  readonly strictOnly: boolean;
  /**
   * Read text at least this long that JSON.parse reads as a tree would (valueTree.ts) with JSON.parse, finding
   * positions only when a message or an explanation needs them; the documents are then values, read without their
   * text where they can be. Shorter text is read as a tree: it is quick to read either way, and finding a position
   * again and again in a small file costs more than reading its tree once.
   */
  readonly valuesFrom?: number;
  /**
   * Read as values, leave the opaque objects as their text (a model: its documents are most of it, and a request
   * reads a few); otherwise the whole text is read with JSON.parse (a test file: it is read in full anyway).
   */
  readonly opaqueValues?: boolean;
  /**
   * Objects a reading as values leaves as their text besides the documents (a model's account sections, each read
   * when a request first reaches it); a reading as a tree reads them.
   */
  readonly laterAsValues?: OpaqueRule;
}

/** What a reading as values leaves as text: the documents, and what the reading leaves for later. */
function opaqueAsValues(reading: SparseReading): OpaqueRule {
  const later = reading.laterAsValues;
  if (later === undefined) return reading.isOpaque;
  return (key, containerKey, outerKey, depth) => later(key, containerKey, outerKey, depth) || reading.isOpaque(key, containerKey, outerKey, depth);
}

/**
 * Reads one JSON(C) file of the model (or a test file) and collects diagnostics against it. Every `expect…` method
 * reports a clear error and returns undefined instead of throwing, so a broken file still loads as far as it can.
 */
export class JsonReader {
  readonly tree: JsonNode | undefined;
  /**
   * The first syntax error, when the file has one: the names it refers to are not checked then (see `report`), and
   * whether any was left unchecked is said there once.
   */
  private brokenAt: Span | undefined;
  private referencesUnchecked = false;

  constructor(
    readonly file: string,
    readonly text: string,
    private readonly diagnostics: ModelDiagnostic[],
    /**
     * The policy documents to leave opaque (see `parseSparseTree`): models and exports use this. `scanned`: the caller
     * has read the text itself (`scanExport`), and the reader only reports against it, with no tree.
     */
    documents?: SparseReading | 'scanned',
  ) {
    if (documents === 'scanned') {
      this.tree = undefined;
      return;
    }
    const values =
      documents?.valuesFrom !== undefined && text.length >= documents.valuesFrom
        ? readValueTree(text, documents.opaqueValues ? opaqueAsValues(documents) : undefined)
        : undefined;
    if (values) {
      this.tree = values;
      return;
    }
    // Strict JSON within the nesting limit, the common case, is read in one pass with nothing to report.
    const strict = documents ? strictSparseTree(text, documents.isOpaque, MAX_NESTING_DEPTH) : undefined;
    if (strict) {
      this.tree = strict;
      return;
    }
    const errors: ParseError[] = [];
    const deep = nestingBeyond(text, MAX_NESTING_DEPTH);
    if (deep) {
      this.tree = undefined;
      const problem = nestingProblem(deep);
      this.report(problem.span, problem.message, problem.code);
      return;
    }
    this.tree = readTree(text, errors, documents);
    for (const problem of syntaxProblems(text, errors)) {
      this.brokenAt ??= problem.span;
      this.report(problem.span, problem.message, problem.code);
    }
    if (this.tree === undefined && errors.length === 0) this.report({ offset: 0, length: 0 }, 'The file is empty.', 'syntax');
  }

  /** The list this reader reports into, so readers of related files can share it. */
  get diagnosticsList(): ModelDiagnostic[] {
    return this.diagnostics;
  }

  report(span: Span, message: string, code: string, severity: Severity = 'error'): void {
    // What a broken file refers to may be defined past the error, or lost with the end of a file cut short: an export
    // cut in two named 20,000 managed policies it no longer held, one error each, under its five syntax errors.
    if (code === 'danglingReference' && this.brokenAt !== undefined) {
      this.noteReferencesUnchecked(this.brokenAt);
      return;
    }
    // A span found only when read (valueTree.ts) is found now, so that a diagnostic holds a plain one.
    this.diagnostics.push({ file: this.file, span: { offset: span.offset, length: span.length }, severity, message, code });
  }

  /** Said once, at the first syntax error, and only when a reference went unchecked. */
  private noteReferencesUnchecked(brokenAt: Span): void {
    if (this.referencesUnchecked) return;
    this.referencesUnchecked = true;
    const message = 'The names this file refers to (groups, policies, accounts, OUs) are checked once its syntax errors are fixed.';
    this.diagnostics.push({ file: this.file, span: { ...brokenAt }, severity: 'info', message, code: 'referencesNotChecked' });
  }

  /** The node as an object, or an error naming what was expected. */
  expectObject(node: JsonNode | undefined, what: string): JsonNode | undefined {
    if (node === undefined) return undefined;
    if (node.type === 'object') return node;
    this.report(nodeSpan(node), `${capitalise(what)} must be an object, not ${describeType(node)}.`, 'wrongType');
    return undefined;
  }

  /**
   * The object's properties by key, reporting keys outside `allowed` (with the closest allowed key) and duplicates.
   * Keys are compared exactly: the model's keys are case-sensitive, like AWS's own JSON.
   */
  knownProps(node: JsonNode, allowed: readonly string[], what: string): Map<string, Prop> {
    const found = new Map<string, Prop>();
    for (const prop of objectProps(node)) {
      if (!allowed.includes(prop.key)) {
        this.report(
          prop.keySpan,
          `Unknown key '${prop.key}' in ${what}.${didYouMean(prop.key, allowed) || ` Allowed keys: ${allowed.join(', ')}.`}`,
          'unknownKey',
        );
        continue;
      }
      if (found.has(prop.key)) {
        this.report(prop.keySpan, `Duplicate key '${prop.key}' in ${what}: the last one wins.`, 'duplicateKey', 'warning');
      }
      found.set(prop.key, prop);
    }
    return found;
  }

  /** Entries of a name → value map object, reporting duplicate names. */
  entries(node: JsonNode | undefined, what: string): Prop[] {
    const object = this.expectObject(node, what);
    if (!object) return [];
    const seen = new Set<string>();
    const props = objectProps(object);
    for (const prop of props) {
      if (seen.has(prop.key)) this.report(prop.keySpan, `'${prop.key}' is defined twice in ${what}: the last one wins.`, 'duplicateKey', 'warning');
      seen.add(prop.key);
    }
    return props;
  }

  expectString(node: JsonNode | undefined, what: string): LocatedString | undefined {
    if (node === undefined) return undefined;
    if (node.type === 'string' && typeof node.value === 'string') return { value: node.value, span: nodeSpan(node) };
    this.report(nodeSpan(node), `${capitalise(what)} must be a string, not ${describeType(node)}.`, 'wrongType');
    return undefined;
  }

  /**
   * A string written where a list of them belongs, read as the one-item list it can only mean (as a policy's Action
   * may be one string), and said: the schema the editor checks a model with wants a list, and the file should read the
   * same everywhere.
   */
  singleForList(node: JsonNode, what: string): LocatedString {
    const value = String(node.value);
    this.report(nodeSpan(node), `Write ${what} as a list: [${JSON.stringify(value)}]. It is read as a list of one.`, 'singleNameForList', 'warning');
    return { value, span: nodeSpan(node) };
  }

  /** An array of strings (a single string is accepted too, as AWS does for most lists). */
  expectStringList(node: JsonNode | undefined, what: string): LocatedString[] {
    if (node === undefined) return [];
    if (node.type === 'string') return [this.singleForList(node, what)];
    if (node.type !== 'array') {
      this.report(nodeSpan(node), `${capitalise(what)} must be a list of strings, not ${describeType(node)}.`, 'wrongType');
      return [];
    }
    const items: LocatedString[] = [];
    const seen = new Set<string>();
    for (const child of node.children ?? []) {
      const item = this.expectString(child, `each entry of ${what}`);
      if (item === undefined) continue;
      // IAM keeps one membership or attachment however often it is asked for: a name listed again is read once, and
      // said, as it is most often one written where another was meant.
      if (seen.has(item.value)) {
        this.report(item.span, `'${item.value}' is already listed in ${what}: listing it again adds nothing.`, 'duplicateEntry', 'warning');
        continue;
      }
      seen.add(item.value);
      items.push(item);
    }
    return items;
  }

  /** `{ "key": "value" }` tags; numbers and booleans are read as strings, as AWS stores every tag value as one. */
  expectTags(node: JsonNode | undefined, what: string): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const prop of this.entries(node, what)) {
      const value = prop.value;
      if (value && (value.type === 'string' || value.type === 'number' || value.type === 'boolean')) tags[prop.key] = String(value.value);
      else if (value) this.report(nodeSpan(value), `The value of tag '${prop.key}' must be a string.`, 'wrongType');
    }
    return tags;
  }
}

/** A text the strict sparse pass has refused (see the constructor): read sparsely but tolerantly, or in full. */
function readTree(text: string, errors: ParseError[], documents: SparseReading | undefined): JsonNode | undefined {
  if (documents && !documents.strictOnly) return tolerantSparseTree(text, documents.isOpaque, errors);
  return parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
}

export function describeType(node: JsonNode): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'property':
      return 'a property';
  }
}

/** What a reader of JSON text says of it: where, what, and the finding's code. */
export interface TextProblem {
  readonly span: Span;
  readonly message: string;
  readonly code: 'syntax' | 'tooDeep';
}

/**
 * Text nested deeper than the limit, which no reader takes further (recursive readers would overflow the stack): the
 * same limit and words as for a policy, as a model, test file or export is a few dozen levels deep at most.
 */
export function nestingProblem(deep: { readonly depth: number; readonly offset: number }): TextProblem {
  const message = `The JSON is nested ${deep.depth} levels deep (at most ${MAX_NESTING_DEPTH} are read), so the file is not read further.`;
  return { span: { offset: deep.offset, length: 1 }, message, code: 'tooDeep' };
}

/** A broken file's syntax errors: they cascade, and the first few are what a user needs. */
export function syntaxProblems(text: string, errors: readonly ParseError[]): TextProblem[] {
  return errors.slice(0, 5).map((error) => ({
    span: { offset: error.offset, length: Math.min(Math.max(error.length, 1), text.length - error.offset) },
    message: `JSON syntax error: ${describeParseError(error)}`,
    code: 'syntax',
  }));
}

function describeParseError(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  // jsonc-parser's codes are CamelCase identifiers (`PropertyNameExpected`); spell them as words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
