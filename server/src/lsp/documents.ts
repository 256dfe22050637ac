/**
 * Open documents, each parsed once per version. The cache decides what kind of document it is (a policy, an account
 * model, a policy test file, an authorization-details export, or nothing of ours) and holds the policy units inside
 * it: the whole text for a policy file, each embedded policy object for a model or an export. Every feature works
 * on these units, so a policy inside a model gets the same validation, completion and hover as a policy file.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { authorizationDetailsPolicies, isAuthorizationDetails, looksLikePolicy, modelPolicies, testPolicies, type EmbeddedPolicy } from '../iam/assist';
import { modelStructure } from '../iam/model';
import { MAX_NESTING_DEPTH, parsePolicy } from '../iam/parser';
import { nestingBeyond } from '../iam/parser';
import type { ParsedPolicy } from '../iam/parser';
import type { PolicyType } from '../iam/policyTypes';
import type { TemplateDocument } from '../iam/templates/index';
import { mayBeTemplateText } from '../iam/templateText';
import { positioned, type LineLookup, type Positioned } from './convert';
import { templateReaders } from '../node/templateReaders';

export type DocumentKind = 'policy' | 'model' | 'test' | 'authorizationDetails' | 'template' | 'none';

/** What a template document is: a CloudFormation/SAM template or plan (read), or a Terraform file (parsed later). */
export type TemplateSource = { readonly kind: 'cloudformation' | 'terraformPlan'; readonly document: TemplateDocument } | { readonly kind: 'terraform' };

/** One policy document inside an open document; `base` is where it starts, spans in `parsed` are relative to it. */
export interface PolicyUnit {
  readonly base: number;
  /** The length of its text, known without parsing it. */
  readonly length: number;
  readonly parsed: ParsedPolicy;
  /** Fixed for embedded policies; undefined for a policy file, whose type comes from the settings (`auto`). */
  readonly type: PolicyType | undefined;
  readonly label: string;
}

export interface ParsedDocument extends Positioned {
  readonly uri: string;
  readonly version: number;
  readonly kind: DocumentKind;
  /** jsonc-parser's tree of the whole text (for models, tests and exports; also set for policies). */
  readonly tree: JsonNode | undefined;
  readonly units: readonly PolicyUnit[];
  /** Set for kind `template`: its policies are validated by features/templates.ts, not as units. */
  readonly template?: TemplateSource;
  /**
   * Set for a policy file above LARGE_DOCUMENT_CHARS: it has no tree and no units, and is read statement by statement
   * in short slices (features/largePolicy.ts), so that opening or editing it never holds up the server.
   */
  readonly large?: true;
}

export const LANGUAGE_ID = 'iam-policy';

/**
 * Above this many characters a document is checked only for what stays cheap at any size (JSON syntax, comments,
 * characters, duplicate keys and the size quota), so that typing stays fast. The largest policy AWS accepts is a
 * 32 KB key policy; at about 0.7 s per megabyte for every rule, 512 KB keeps a full pass under half a second.
 */
export const LARGE_DOCUMENT_CHARS = 512 * 1024;

/** An authorization-details export's lists: such a document is not a policy whatever its language id says. */
const EXPORT_KEY = /"(?:UserDetailList|GroupDetailList|RoleDetailList)"\s*:/;

/**
 * A policy file too large to parse in one go: an iam-policy document (by name or the client's detection) above the
 * limit, not an export. Other large JSON is parsed whole, as before: only policy files are read in slices. The
 * client gives iam-policy to policy files and detected policies, not to templates, so a large one is not sniffed
 * for a template (that regular expression alone took milliseconds per version of a 10 MB text).
 */
function isLargePolicy(languageId: string, text: string): boolean {
  if (languageId !== LANGUAGE_ID || text.length <= LARGE_DOCUMENT_CHARS) return false;
  // includes() is a native search: the regular expression runs only when an export's key may be there.
  return !(text.includes('DetailList"') && EXPORT_KEY.test(text));
}

/** Classifies a document by its name first, its language id next, and its content last. */
export function classify(uri: string, languageId: string, tree: JsonNode | undefined, text: string): DocumentKind {
  const path = uri.toLowerCase();
  if (path.endsWith('.iam-model.json') || path.endsWith('.iam-model.jsonc')) return 'model';
  if (path.endsWith('.iam-test.json') || path.endsWith('.iam-test.jsonc')) return 'test';
  // An export before the language id: the client gives exports the iam-policy language too (detectPolicyJson.ts).
  if (isAuthorizationDetails(tree)) return 'authorizationDetails';
  if (languageId === LANGUAGE_ID) return 'policy';
  if (looksLikePolicy(tree, text)) return 'policy';
  return 'none';
}

/**
 * A CloudFormation/SAM template or Terraform plan by content (any JSON or YAML document the client sends), or a
 * Terraform file by name or language. Everything else is left to the policy classification below.
 */
function templateSource(path: string, languageId: string, text: string, previous: ParsedDocument | undefined): TemplateSource | undefined {
  if (path.endsWith('.tf') || languageId === 'terraform') return { kind: 'terraform' };
  if (/\.iam-(model|test)\.jsonc?$/.test(path)) return undefined;
  // Most documents are no template: the readers are loaded only for text that may be one.
  if (!mayBeTemplateText(text)) return undefined;
  const before = previous?.template;
  const document = templateReaders().readTemplate(text, before && before.kind !== 'terraform' ? before.document : undefined);
  return document ? { kind: document.kind, document } : undefined;
}

/**
 * @param lines the text's lines when the caller has them (see DocumentCache.get); else they are counted here.
 * @param previous the previous version of the same document: a template reads again only what an edit changed
 */
export function parseDocument(uri: string, languageId: string, version: number, text: string, lines?: LineLookup, previous?: ParsedDocument): ParsedDocument {
  const path = uri.toLowerCase();
  const container = /\.iam-(model|test)\.jsonc?$/.test(path);
  if (!container && isLargePolicy(languageId, text))
    return { uri, version, kind: 'policy', tree: undefined, units: [], large: true, ...positioned(text, lines) };
  const template = templateSource(path, languageId, text, previous);
  if (template) return { uri, version, kind: 'template', tree: undefined, units: [], template, ...positioned(text) };
  // Policy files are parsed exactly once: the policy parser's tree also serves to classify the document.
  const policy = container ? undefined : parsePolicy(text);
  // A large model in strict JSON is read as its structure, each policy inside it only as its span (see LazyUnit).
  const structure = text.length > LARGE_DOCUMENT_CHARS && /\.iam-model\.jsonc?$/.test(path) ? modelStructure(text) : undefined;
  // A model or test file nested deeper than a policy may be is left unparsed (parseTree recurses); its loader
  // reports the depth where it is read.
  const tree =
    policy !== undefined
      ? policy.tree
      : (structure ??
        (nestingBeyond(text, MAX_NESTING_DEPTH)
          ? undefined
          : parseTree(text, [], { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true })));
  const kind = classify(uri, languageId, tree, text);
  let units: PolicyUnit[] = [];
  switch (kind) {
    case 'policy':
      units = [{ base: 0, length: text.length, parsed: policy ?? parsePolicy(text), type: undefined, label: 'policy' }];
      break;
    case 'model':
    case 'test':
    case 'authorizationDetails': {
      const embedded = kind === 'model' ? modelPolicies(tree) : kind === 'test' ? testPolicies(tree) : authorizationDetailsPolicies(tree);
      units = embedded.map((found) =>
        structure !== undefined
          ? new LazyUnit(text, found)
          : {
              base: found.span.offset,
              length: found.span.length,
              parsed: parsePolicy(text.slice(found.span.offset, found.span.offset + found.span.length)),
              type: found.type,
              label: found.label,
            },
      );
      break;
    }
    case 'none':
      break;
  }
  return { uri, version, kind, tree, units, ...positioned(text) };
}

/**
 * A policy inside a large model, parsed when first read. Opening a 15 MB model parsed its sixty thousand policies at
 * once, and with the tree of the whole file held the server for seconds; its diagnostics read them in time slices.
 */
class LazyUnit implements PolicyUnit {
  readonly base: number;
  readonly length: number;
  readonly type: PolicyType;
  readonly label: string;
  private parse: ParsedPolicy | undefined;

  constructor(
    private readonly text: string,
    found: EmbeddedPolicy,
  ) {
    this.base = found.span.offset;
    this.length = found.span.length;
    this.type = found.type;
    this.label = found.label;
  }

  get parsed(): ParsedPolicy {
    return (this.parse ??= parsePolicy(this.text.slice(this.base, this.base + this.length)));
  }
}

/** Parse-once-per-version cache over the open documents. */
export class DocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();

  get(document: TextDocument): ParsedDocument {
    const known = this.entries.get(document.uri);
    if (known !== undefined && known.version === document.version) return known;
    // The editor's document keeps its line offsets up to date edit by edit; counting a 10 MB text's lines again for
    // every version took tens of milliseconds. They are borrowed only for large texts, and only for the version at
    // hand: TextDocuments updates the document in place, so work on an older version must stop at its next slice
    // (timeSlice.ts) before it converts offsets, which the sliced work does.
    const text = document.getText();
    const lines =
      text.length > LARGE_DOCUMENT_CHARS
        ? { position: (offset: number) => document.positionAt(offset), offset: (position: { line: number; character: number }) => document.offsetAt(position) }
        : undefined;
    const parsed = parseDocument(document.uri, document.languageId, document.version, text, lines, known);
    this.entries.set(document.uri, parsed);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

/** The policy unit whose text contains `offset` (inclusive of both ends), with the offset made relative to it. */
export function unitAt(doc: ParsedDocument, offset: number): { unit: PolicyUnit; offset: number } | undefined {
  for (const unit of doc.units) {
    const end = unit.base + unit.length;
    if (offset >= unit.base && offset <= end) return { unit, offset: offset - unit.base };
  }
  return undefined;
}
