/** textDocument/completion: the core's completions (iam/assist) at the cursor's policy unit, as LSP items. */
import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from '../lspValues';
import { completeAt } from '../../iam/assist';
import type { AssistCompletion, AssistEnvironment, CompletionKind } from '../../iam/assist';
import { assertNever } from '../../iam/policyTypes';
import { shiftSpan, toOffset, toRange } from '../convert';
import { unitAt, type ParsedDocument, type PolicyUnit } from '../documents';
import type { PolicyType } from '../../iam/policyTypes';
import { modelNameCompletions, type PrincipalLookup } from './modelNames';

export function lspKind(kind: CompletionKind): CompletionItemKind {
  switch (kind) {
    case 'property':
      return CompletionItemKind.Property;
    case 'value':
      return CompletionItemKind.Value;
    case 'service':
      return CompletionItemKind.Module;
    case 'action':
      return CompletionItemKind.Function;
    case 'pattern':
      return CompletionItemKind.Constant;
    case 'operator':
      return CompletionItemKind.Operator;
    case 'key':
      return CompletionItemKind.Field;
    case 'arn':
      return CompletionItemKind.Reference;
    case 'principal':
      return CompletionItemKind.Reference;
    case 'variable':
      return CompletionItemKind.Variable;
    default:
      return assertNever(kind);
  }
}

/** Snippet syntax turned into plain text, for clients without snippet support. */
export function snippetToText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([\\$}])/g, '$1');
}

export function toCompletionItem(doc: ParsedDocument, base: number, item: AssistCompletion, snippets: boolean): CompletionItem {
  const range = toRange(doc, shiftSpan(item.replace, base));
  const asSnippet = item.snippet && snippets;
  const newText = item.snippet && !snippets ? snippetToText(item.insertText) : item.insertText;
  return {
    label: item.label,
    kind: lspKind(item.kind),
    textEdit: { range, newText },
    insertTextFormat: asSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(item.filterText !== undefined ? { filterText: item.filterText } : {}),
    ...(item.sortText !== undefined ? { sortText: item.sortText } : {}),
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    ...(item.documentation !== undefined ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
    ...(item.retrigger === true ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}

export function completion(
  doc: ParsedDocument,
  params: CompletionParams,
  env: AssistEnvironment,
  snippets: boolean,
  typeOf: (unit: PolicyUnit) => PolicyType | undefined = () => undefined,
  principals: PrincipalLookup = { requesterChoices: () => [], principalDeclaration: () => undefined },
): CompletionList {
  const offset = toOffset(doc, params.position);
  const at = unitAt(doc, offset);
  if (at === undefined) return { isIncomplete: false, items: modelNameCompletions(doc, params.position, principals) ?? [] };
  const items = completeAt(at.unit.parsed, at.offset, env, typeOf(at.unit)).map((item) => toCompletionItem(doc, at.unit.base, item, snippets));
  return { isIncomplete: false, items };
}
