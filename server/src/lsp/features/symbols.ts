/** textDocument/documentSymbol: each policy unit, its statements (by Sid, else by index) and their elements. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { StatementNode } from '../../iam/parser';
import { shiftSpan, toRange } from '../convert';
import type { ParsedDocument, PolicyUnit } from '../documents';

/**
 * VS Code rejects a symbol whose name is empty ("name must not be falsy") and with it the whole answer, which shows
 * as an error notification while the user types a key: a blank key is shown quoted, as it is written.
 */
function symbolName(name: string): string {
  return name.trim() === '' ? JSON.stringify(name) : name;
}

function statementName(statement: StatementNode): string {
  const sid = statement.sid?.value;
  const effect = typeof statement.effect?.value === 'string' ? ` (${statement.effect.value})` : '';
  return typeof sid === 'string' && sid.trim() !== '' ? `${sid}${effect}` : `Statement ${statement.index}${effect}`;
}

function unitSymbols(doc: ParsedDocument, unit: PolicyUnit): DocumentSymbol[] {
  const document = unit.parsed.document;
  if (document === undefined) return [];
  return document.statements.map((statement) => {
    const range = toRange(doc, shiftSpan(statement.span, unit.base));
    return {
      name: statementName(statement),
      kind: SymbolKind.Object,
      range,
      selectionRange: statement.sid !== undefined ? toRange(doc, shiftSpan(statement.sid.span, unit.base)) : range,
      children: statement.properties.map((property) => {
        const propertyRange = toRange(doc, shiftSpan(property.span, unit.base));
        return {
          name: symbolName(property.key),
          kind: SymbolKind.Property,
          range: propertyRange,
          selectionRange: toRange(doc, shiftSpan(property.keySpan, unit.base)),
        };
      }),
    };
  });
}

export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  if (doc.kind === 'policy') return doc.units.flatMap((unit) => unitSymbols(doc, unit));
  return doc.units.map((unit) => {
    const range = toRange(doc, { offset: unit.base, length: unit.parsed.text.length });
    return { name: symbolName(unit.label), kind: SymbolKind.Module, range, selectionRange: range, children: unitSymbols(doc, unit) };
  });
}
