/**
 * Policies inside CloudFormation/SAM templates, Terraform files and plans, in the editor: the same validation as a
 * policy file, findings at the template's own ranges (each message names its policy), and the quick fixes that can
 * be written in the template's syntax (see iam/templates/policyText.ts mapFix). Results are cached per document
 * version and settings. Terraform needs the HCL grammar, which loads asynchronously: until it has, .tf files get no
 * diagnostics, then every open one is re-validated.
 */
import { CodeActionKind, MarkupKind, type CodeAction, type CodeActionParams, type CompletionItem, type CompletionList, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import { completeAt, hoverAt, type AssistEnvironment } from '../../iam/assist';
import { parsePolicy } from '../../iam/parser';
import {
  exactSourceSpan,
  mapSpan,
  policyOffset,
  PolicyResultCache,
  readTerraformModule,
  validateTemplate,
  validateTerraformFile,
  type HclParse,
  type TemplateFinding,
  type TemplateValidation,
} from '../../iam/templates/index';
import type { ServerContext } from '../context';
import { DIAGNOSTIC_SOURCE, sameRange, toDiagnostic, toOffset, toRange, toTextEdit } from '../convert';
import type { ParsedDocument } from '../documents';
import type { Settings } from '../settings';
import { uriToPath } from '../uris';
import { snippetToText, toCompletionItem } from './completion';

interface Entry {
  readonly version: number;
  readonly settings: Settings;
  readonly result: TemplateValidation;
  /** Per-policy results of this document under these settings: an edit re-validates only what it changed. */
  readonly cache: PolicyResultCache;
}

export class TemplatePolicies {
  private readonly entries = new Map<string, Entry>();
  private parse: HclParse | undefined;

  constructor(
    private readonly ctx: ServerContext,
    onGrammarLoaded: () => void,
  ) {
    const load = ctx.runtime.hclParser;
    if (load) {
      load().then(
        (parse) => {
          this.parse = parse;
          onGrammarLoaded();
        },
        (error: unknown) => ctx.logger.error(`IAM Policy Lab: the HCL grammar did not load, so Terraform files are not checked: ${String(error)}`),
      );
    }
  }

  validation(doc: ParsedDocument, settings: Settings): TemplateValidation | undefined {
    if (doc.kind !== 'template' || !doc.template) return undefined;
    const known = this.entries.get(doc.uri);
    if (known && known.version === doc.version && known.settings === settings) return known.result;
    const cache = known && known.settings === settings ? known.cache : new PolicyResultCache();
    const options = { catalog: this.ctx.runtime.catalog, severities: settings.rules, cache };
    let result: TemplateValidation;
    if (doc.template.kind === 'terraform') {
      if (!this.parse) return undefined;
      // The open file alone: variables and resources declared in other files of its module stay unknowns here
      // (never findings); `iam-policy-lab check` on the folder resolves them.
      const path = safePath(doc.uri);
      const module = readTerraformModule([{ path, text: doc.text }], this.parse, undefined, (from, relative) => {
        const read = this.ctx.runtime.files.readFile(this.ctx.runtime.files.resolve(from, relative));
        return typeof read === 'string' && read.length <= 1024 * 1024 ? read : undefined;
      });
      result = validateTerraformFile(module, path, options);
    } else {
      result = validateTemplate(doc.template.document, options);
    }
    this.entries.set(doc.uri, { version: doc.version, settings, result, cache });
    return result;
  }

  async diagnostics(doc: ParsedDocument): Promise<Diagnostic[]> {
    if (doc.kind !== 'template') return [];
    const result = this.validation(doc, await this.ctx.settings.current());
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
    const result = this.validation(doc, await this.ctx.settings.current());
    const offset = toOffset(doc, position);
    for (const checked of result?.policies ?? []) {
      const text = checked.text;
      if (!text || offset < checked.policy.node.span.offset || offset > checked.policy.node.span.offset + checked.policy.node.span.length) continue;
      const inPolicy = policyOffset(text, offset);
      if (inPolicy === undefined) continue;
      const found = hoverAt(parsePolicy(text.text), inPolicy, env, checked.policy.type);
      if (!found) return null;
      const span = mapSpan(text, found.span) ?? { offset, length: 0 };
      return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: toRange(doc, span) };
    }
    return null;
  }

  /**
   * Completion inside a template's scalars and strings (actions, ARNs, condition keys and values): the policy's
   * completions at the corresponding place, kept when what they replace is spelt one for one in the template and
   * what they insert is plain text (no quotes, no new structure), so YAML and HCL stay what they are.
   */
  async completion(doc: ParsedDocument, position: Position, env: AssistEnvironment): Promise<CompletionList> {
    const empty: CompletionList = { isIncomplete: false, items: [] };
    if (doc.kind !== 'template') return empty;
    const result = this.validation(doc, await this.ctx.settings.current());
    const offset = toOffset(doc, position);
    for (const checked of result?.policies ?? []) {
      const text = checked.text;
      if (!text || offset < checked.policy.node.span.offset || offset > checked.policy.node.span.offset + checked.policy.node.span.length) continue;
      const inPolicy = policyOffset(text, offset);
      if (inPolicy === undefined) continue;
      const items: CompletionItem[] = [];
      for (const item of completeAt(parsePolicy(text.text), inPolicy, env)) {
        const insert = item.snippet ? snippetToText(item.insertText) : item.insertText;
        const span = exactSourceSpan(text, item.replace);
        if (!span || /["\n\\]/.test(insert)) continue;
        items.push({ ...toCompletionItem(doc, 0, { ...item, insertText: insert, snippet: false, replace: span }, false) });
      }
      return { isIncomplete: false, items };
    }
    return empty;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

/** The message says which policy of the template it is about, since a template holds many. */
function withPolicy(diagnostic: Diagnostic, finding: TemplateFinding): Diagnostic {
  if (!finding.policy) return diagnostic;
  const construct = finding.policy.construct !== undefined ? `, construct ${finding.policy.construct}` : '';
  return { ...diagnostic, message: `${diagnostic.message} — in ${finding.policy.label}${construct}` };
}

function safePath(uri: string): string {
  try {
    return uriToPath(uri);
  } catch {
    return uri;
  }
}
