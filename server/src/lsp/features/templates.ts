/**
 * Policies inside CloudFormation/SAM templates, Terraform files and plans, in the editor: the same validation as a
 * policy file, findings at the template's own ranges (each message names its policy), and the quick fixes that can
 * be written in the template's syntax (see iam/templates/policyText.ts mapFix). Results are cached per document
 * version and settings. Terraform needs the HCL grammar, which loads asynchronously: until it has, .tf files get no
 * diagnostics, then every open one is re-validated. A .tf file is read with the other .tf files of its folder (its
 * module, bounded), so an edit of one re-validates the open others.
 */
import type { CodeAction, CodeActionParams, CompletionItem, CompletionList, Diagnostic, Hover, Position } from 'vscode-languageserver';
import { CodeActionKind, MarkupKind } from '../lspValues';
import { completeAt, hoverAt, type AssistEnvironment } from '../../iam/assist';
import { parsePolicy } from '../../iam/parser';
import type {
  CheckedPolicy,
  HclNode,
  HclParse,
  PolicyResultCache,
  PolicyText,
  TemplateFinding,
  TemplateValidation,
  TerraformSource,
} from '../../iam/templates/index';
import type { ServerContext } from '../context';
import { DIAGNOSTIC_SOURCE, sameRange, toDiagnostic, toOffset, toRange, toTextEdit } from '../convert';
import type { ParsedDocument } from '../documents';
import type { Settings } from '../settings';
import { templateReaders } from '../../node/templateReaders';
import { pathToUri, uriToPath } from '../uris';
import { snippetToText, toCompletionItem } from './completion';

/** Bounds on the other .tf files of a module read beside an open one: a generated or vendored folder is cut short. */
const MAX_MODULE_FILES = 64;
const MAX_MODULE_FILE_LENGTH = 1024 * 1024;
const MAX_MODULE_LENGTH = 8 * 1024 * 1024;
/** The called modules' parsed files kept between validations, by their total length. */
const MAX_PARSED_LENGTH = 16 * 1024 * 1024;

interface Entry {
  readonly version: number;
  readonly settings: Settings;
  /** For a .tf file, the texts of the other files of its module it was validated with (any change re-validates). */
  readonly siblings?: readonly TerraformSource[];
  readonly result: TemplateValidation;
  /** Per-policy results of this document under these settings: an edit re-validates only what it changed. */
  readonly cache: PolicyResultCache;
}

export class TemplatePolicies {
  private readonly entries = new Map<string, Entry>();
  private parse: HclParse | undefined;
  /**
   * Settles once the HCL grammar has loaded (or failed to): a .tf file's diagnostics wait for it, instead of going out
   * empty first, which an editor shows as a file without problems until they come.
   */
  private readonly grammar: Promise<void> | undefined;
  /** The called modules' files parsed, kept across validations: a keystroke in the caller parses none of them again. */
  private readonly moduleParses = new ParseCache();

  constructor(
    private readonly ctx: ServerContext,
    onGrammarLoaded: () => void,
  ) {
    const load = ctx.runtime.hclParser;
    this.grammar = load?.().then(
      (parse) => {
        this.parse = parse;
        onGrammarLoaded();
      },
      (error: unknown) => ctx.logger.error(`IAM Policy Lab: the HCL grammar did not load, so Terraform files are not checked: ${String(error)}`),
    );
  }

  /**
   * @param rereadModule for a .tf file, read the other files of its module again and re-validate when one changed
   *   (diagnostics do; hover, completion and quick fixes take the last validation of this version)
   */
  validation(doc: ParsedDocument, settings: Settings, rereadModule = false): TemplateValidation | undefined {
    if (doc.kind !== 'template' || !doc.template) return undefined;
    const known = this.entries.get(doc.uri);
    if (known && known.version === doc.version && known.settings === settings && !rereadModule) return known.result;
    const path = safePath(doc.uri);
    const siblings = doc.template.kind === 'terraform' ? this.moduleSiblings(path) : undefined;
    if (known && known.version === doc.version && known.settings === settings && sameSources(known.siblings, siblings)) return known.result;
    const { localModuleLoader, PolicyResultCache, readTerraformModule, validateTemplate, validateTerraformFile } = templateReaders();
    const cache = known && known.settings === settings ? known.cache : new PolicyResultCache();
    const options = { catalog: this.ctx.runtime.catalog, severities: settings.rules, cache };
    let result: TemplateValidation;
    if (doc.template.kind === 'terraform') {
      if (!this.parse) return undefined;
      // With the other .tf files of its folder, as the command line reads a module: variables, locals and resources
      // declared there resolve here too (open documents as they are now, unsaved edits included).
      const files = this.ctx.runtime.files;
      // A module file open in the editor is read as it is now, unsaved edits included.
      const readPath = (file: string): string | undefined => {
        const open = this.ctx.documents.get(pathToUri(file));
        const read = open !== undefined ? open.getText() : files.readFile(file);
        return typeof read === 'string' && read.length <= MAX_MODULE_FILE_LENGTH ? read : undefined;
      };
      const readFile = (from: string, relative: string): string | undefined => readPath(files.resolve(from, relative));
      const module = readTerraformModule([{ path, text: doc.text }, ...(siblings ?? [])], this.parse, undefined, readFile);
      // The local modules it calls, as its calls instantiate them: what their inputs make wrong shows at each call.
      const terraformFiles = files.terraformFiles?.bind(files);
      const folders = terraformFiles ? { terraformFiles, readFile: readPath, resolve: (from: string, to: string) => files.resolve(from, to) } : undefined;
      const modules = folders ? localModuleLoader(folders, this.moduleParses.parser(this.parse), undefined, readFile) : undefined;
      const validation = validateTerraformFile(module, path, { ...options, ...(modules ? { modules } : {}) });
      result = { ...validation, findings: [...validation.findings, ...(validation.callFindings ?? [])] };
    } else {
      result = validateTemplate(doc.template.document, options);
    }
    this.entries.set(doc.uri, { version: doc.version, settings, result, cache, ...(siblings ? { siblings } : {}) });
    return result;
  }

  /** The other .tf files of the folder of `path`, within the bounds above; open documents as they are now. */
  private moduleSiblings(path: string): TerraformSource[] {
    const folder = path.slice(0, Math.max(0, path.lastIndexOf('/')));
    const files = this.ctx.runtime.files.terraformFiles?.(folder) ?? [];
    const sources: TerraformSource[] = [];
    let total = 0;
    for (const file of files) {
      if (file === path) continue;
      if (sources.length >= MAX_MODULE_FILES) break;
      const open = this.ctx.documents.get(pathToUri(file));
      const text = open !== undefined ? open.getText() : this.ctx.runtime.files.readFile(file);
      if (typeof text !== 'string' || text.length > MAX_MODULE_FILE_LENGTH || total + text.length > MAX_MODULE_LENGTH) continue;
      total += text.length;
      sources.push({ path: file, text });
    }
    return sources;
  }

  /** The open .tf documents of the same folder as `uri` (what an edit of it may change the diagnostics of). */
  dependents(uri: string): string[] {
    if (!uri.endsWith('.tf')) return [];
    const folder = (u: string) => u.slice(0, u.lastIndexOf('/'));
    return this.ctx.documents
      .all()
      .map((d) => d.uri)
      .filter((other) => other !== uri && other.endsWith('.tf') && folder(other) === folder(uri));
  }

  async diagnostics(doc: ParsedDocument): Promise<Diagnostic[]> {
    if (doc.kind !== 'template') return [];
    // The grammar is asked for when a .tf file opens, before its diagnostics are.
    if (doc.template?.kind === 'terraform' && !this.parse) await this.grammar;
    const result = this.validation(doc, await this.ctx.settings.current(), true);
    return (result?.findings ?? []).map((finding) => withPolicy(toDiagnostic(doc, finding), finding));
  }

  async codeActions(doc: ParsedDocument, params: CodeActionParams): Promise<CodeAction[]> {
    if (doc.kind !== 'template') return [];
    const result = this.validation(doc, await this.ctx.settings.current());
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = result?.findings.find((f) => f.code === diagnostic.code && sameRange(toRange(doc, f.span), diagnostic.range));
      for (const fix of finding?.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [doc.uri]: fix.edits.map((edit) => toTextEdit(doc, edit)) } },
          ...(fix.preferred === true ? { isPreferred: true } : {}),
        });
      }
    }
    return actions;
  }

  /** Hover inside a template: the policy hover at the corresponding place of the policy text, mapped back. */
  async hover(doc: ParsedDocument, position: Position, env: AssistEnvironment): Promise<Hover | null> {
    if (doc.kind !== 'template') return null;
    const offset = toOffset(doc, position);
    const at = this.policyAt(doc, offset, await this.ctx.settings.current());
    if (!at) return null;
    const found = hoverAt(parsePolicy(at.text.text), at.inPolicy, env, at.checked.policy.type);
    if (!found) return null;
    const span = templateReaders().mapSpan(at.text, found.span) ?? { offset, length: 0 };
    return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: toRange(doc, span) };
  }

  /**
   * Completion inside a template's scalars and strings (actions, ARNs, condition keys and values): the policy's
   * completions at the corresponding place, kept when what they replace is spelt one for one in the template and
   * what they insert is plain text (no quotes, no new structure), so YAML and HCL stay what they are; in a policy a
   * JSON template writes as it is (verbatim), all that a policy file would take.
   */
  async completion(doc: ParsedDocument, position: Position, env: AssistEnvironment): Promise<CompletionList> {
    const empty: CompletionList = { isIncomplete: false, items: [] };
    if (doc.kind !== 'template') return empty;
    const at = this.policyAt(doc, toOffset(doc, position), await this.ctx.settings.current());
    if (!at) return empty;
    const items: CompletionItem[] = [];
    for (const item of completeAt(parsePolicy(at.text.text), at.inPolicy, env)) {
      const insert = item.snippet ? snippetToText(item.insertText) : item.insertText;
      const span = templateReaders().exactSourceSpan(at.text, item.replace);
      // A policy the template writes as JSON itself (verbatim) takes what a policy file takes, quotes and structure too.
      if (!span || (at.text.verbatim !== true && /["\n\\]/.test(insert))) continue;
      items.push({ ...toCompletionItem(doc, 0, { ...item, insertText: insert, snippet: false, replace: span }, false) });
    }
    return { isIncomplete: false, items };
  }

  /** The policy of the template under `offset`, its validated text, and the offset in that text. */
  private policyAt(doc: ParsedDocument, offset: number, settings: Settings): { checked: CheckedPolicy; text: PolicyText; inPolicy: number } | undefined {
    for (const checked of this.validation(doc, settings)?.policies ?? []) {
      const text = checked.text;
      const span = checked.policy.node.span;
      if (!text || offset < span.offset || offset > span.offset + span.length) continue;
      const inPolicy = templateReaders().policyOffset(text, offset);
      if (inPolicy !== undefined) return { checked, text, inPolicy };
    }
    return undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

/**
 * Parses by text (a file read again unchanged is the same text), the latest ones up to a total length: the module
 * folders the open .tf files call, whichever file of theirs is saved or edited.
 */
class ParseCache {
  private readonly parsed = new Map<string, HclNode>();
  private length = 0;

  parser(parse: HclParse): HclParse {
    return (text) => {
      const known = this.parsed.get(text);
      if (known) {
        this.parsed.delete(text);
        this.parsed.set(text, known);
        return known;
      }
      const root = parse(text);
      this.parsed.set(text, root);
      this.length += text.length;
      for (const [old] of this.parsed) {
        if (this.length <= MAX_PARSED_LENGTH || old === text) break;
        this.parsed.delete(old);
        this.length -= old.length;
      }
      return root;
    };
  }
}

/** The message says which policy of the template it is about, since a template holds many. */
function withPolicy(diagnostic: Diagnostic, finding: TemplateFinding): Diagnostic {
  if (!finding.policy) return diagnostic;
  const construct = finding.policy.construct !== undefined ? `, construct ${finding.policy.construct}` : '';
  return { ...diagnostic, message: `${diagnostic.message} — in ${finding.policy.label}${construct}` };
}

function sameSources(a: readonly TerraformSource[] | undefined, b: readonly TerraformSource[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((source, i) => source.path === b[i]?.path && source.text === b[i]?.text);
}

function safePath(uri: string): string {
  try {
    return uriToPath(uri);
  } catch {
    return uri;
  }
}
