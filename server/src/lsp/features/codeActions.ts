/**
 * textDocument/codeAction: quick fixes for the diagnostics in the request (the validator's own fixes, plus the
 * obvious ones of iam/assist/quickFixes), and refactorings of the Action list under the cursor: expand a wildcard,
 * collapse actions into wildcards, sort and de-duplicate.
 */
import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from '../lspValues';
import { extraFixes } from '../../iam/assist';
import { actionElements, collapseActions, expandWildcard, sortAndDeduplicate } from '../../iam/assist';
import type { Catalog } from '../../iam/catalog';
import type { Fix, TextEdit as CoreEdit } from '../../iam/findings';
import { spanContains } from '../../iam/span';
import { hasWildcard } from '../../iam/wildcard';
import { DIAGNOSTIC_SOURCE, sameRange, shiftSpan, toRange, toSpan, toTextEdit } from '../convert';
import type { ParsedDocument, PolicyUnit } from '../documents';
import type { UnitValidation } from './diagnostics';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] as const;

function action(doc: ParsedDocument, unit: PolicyUnit, title: string, kind: string, edits: readonly CoreEdit[], extra: Partial<CodeAction> = {}): CodeAction {
  return {
    title,
    kind,
    edit: { changes: { [doc.uri]: edits.map((edit) => toTextEdit(doc, edit, unit.base)) } },
    ...extra,
  };
}

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return only === undefined || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(doc: ParsedDocument, params: CodeActionParams, validations: readonly UnitValidation[], catalog: Catalog): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wants(params, CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      actions.push(...quickFixes(doc, diagnostic, validations, catalog), ...replacementFix(doc, diagnostic));
    }
  }
  if (wants(params, CodeActionKind.RefactorRewrite)) actions.push(...refactorings(doc, params, catalog));
  return actions;
}

/** A JSON string's value as a title shows it; any other text as it is. */
function shownText(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : text;
  } catch {
    return text;
  }
}

/** A model file's diagnostic that carries the one thing meant (`ModelDiagnostic.replacement`): writes it in. */
function replacementFix(doc: ParsedDocument, diagnostic: Diagnostic): CodeAction[] {
  const replacement = (diagnostic.data as { replacement?: unknown } | undefined)?.replacement;
  if (typeof replacement !== 'string') return [];
  return [
    {
      title: `Change to ${shownText(replacement)}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [doc.uri]: [{ range: diagnostic.range, newText: replacement }] } },
    },
  ];
}

function quickFixes(doc: ParsedDocument, diagnostic: Diagnostic, validations: readonly UnitValidation[], catalog: Catalog): CodeAction[] {
  for (const { unit, result } of validations) {
    for (const finding of result.findings) {
      if (finding.code !== diagnostic.code) continue;
      if (!sameRange(toRange(doc, shiftSpan(finding.span, unit.base)), diagnostic.range)) continue;
      const fixes: readonly Fix[] = [...(finding.fixes ?? []), ...extraFixes(unit.parsed, finding, catalog)];
      return fixes.map((fix) =>
        action(doc, unit, fix.title, CodeActionKind.QuickFix, fix.edits, {
          diagnostics: [diagnostic],
          ...(fix.preferred === true ? { isPreferred: true } : {}),
        }),
      );
    }
  }
  return [];
}

function refactorings(doc: ParsedDocument, params: CodeActionParams, catalog: Catalog): CodeAction[] {
  const span = toSpan(doc, params.range);
  const actions: CodeAction[] = [];
  for (const unit of doc.units) {
    const offset = span.offset - unit.base;
    if (offset < 0 || offset > unit.length) continue;
    const text = unit.parsed.text;
    for (const statement of unit.parsed.document?.statements ?? []) {
      if (!spanContains(statement.span, offset)) continue;
      for (const element of actionElements(statement)) {
        if (!spanContains(element.property.span, offset)) continue;
        const item = element.items.find((i) => spanContains(i.span, offset));
        if (item !== undefined && hasWildcard(item.value)) {
          const expanded = expandWildcard(text, element, item, catalog);
          if (expanded !== undefined) {
            actions.push(action(doc, unit, `Expand '${item.value}' into its ${expanded.count} actions`, CodeActionKind.RefactorRewrite, [expanded.edit]));
          }
        }
        const collapsed = collapseActions(text, element, catalog);
        if (collapsed !== undefined) {
          actions.push(
            action(doc, unit, `Collapse actions into ${collapsed.patterns.join(', ')} (equivalent with today's catalog)`, CodeActionKind.RefactorRewrite, [
              collapsed.edit,
            ]),
          );
        }
        const sorted = sortAndDeduplicate(text, element);
        if (sorted !== undefined) {
          actions.push(action(doc, unit, `Sort and de-duplicate ${element.property.key}`, CodeActionKind.RefactorRewrite, [sorted]));
        }
      }
    }
  }
  return actions;
}
