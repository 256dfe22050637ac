/**
 * textDocument/documentSymbol: each policy unit, its statements (by Sid, else by index) and their elements. The answer
 * is bounded: a 10 MB policy once came back as 79 MB of symbols. A large policy file gets its statements only, and any
 * document at most MAX_SYMBOLS entries, the last of which says how many more there are.
 */
import type { DocumentSymbol, Position } from 'vscode-languageserver';
import { SymbolKind } from '../lspValues';
import type { StatementNode, StatementOutline } from '../../iam/parser';
import { shiftSpan, toRange } from '../convert';
import type { ParsedDocument, PolicyUnit } from '../documents';

/**
 * VS Code rejects a symbol whose name is empty ("name must not be falsy") and with it the whole answer, which shows
 * as an error notification while the user types a key: a blank key is shown quoted, as it is written.
 */
function symbolName(name: string): string {
  return name.trim() === '' ? JSON.stringify(name) : name;
}

/** At most this many symbols in one answer, children included (VS Code's outline shows no more than a few thousand). */
export const MAX_SYMBOLS = 2000;

function statementName(statement: StatementNode): string {
  return nameOf(statement.sid?.value, statement.effect?.value, statement.index);
}

/** A statement's name: its Sid, or its number counted from 1, as explanations and fixes number it (`statement 2 of …`). */
function nameOf(sid: unknown, effect: unknown, index: number): string {
  const shownEffect = typeof effect === 'string' ? ` (${effect})` : '';
  return typeof sid === 'string' && sid.trim() !== '' ? `${sid}${shownEffect}` : `Statement ${index + 1}${shownEffect}`;
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
  if (doc.kind === 'policy') return bounded(doc.units.flatMap((unit) => unitSymbols(doc, unit)));
  // A test file's units are the session policies some tests write: an outline of those alone would read as its tests.
  if (doc.kind === 'test') return [];
  const policies = doc.units.map((unit) => {
    const range = toRange(doc, { offset: unit.base, length: unit.length });
    return { name: symbolName(unit.label), kind: SymbolKind.Module, range, selectionRange: range };
  });
  // Statements are read only while the policies and their statements fit in the answer: past that, `bounded` keeps
  // none of them, and a large model parses its policies only when read (sixty thousand of them take seconds).
  let room = MAX_SYMBOLS - policies.length;
  const withStatements: DocumentSymbol[] = [];
  for (const [i, unit] of doc.units.entries()) {
    const children = room >= 0 ? unitSymbols(doc, unit) : [];
    room -= children.length;
    if (room < 0) return onlyTop(policies);
    withStatements.push({ ...(policies[i] as DocumentSymbol), children });
  }
  return bounded(withStatements);
}

/** A large policy file's symbols: its statements from the outline, without their elements. */
export function outlineSymbols(doc: ParsedDocument, outline: StatementOutline): DocumentSymbol[] {
  const shown = outline.statements.slice(0, MAX_SYMBOLS - 1).map((statement, index) => {
    const range = toRange(doc, statement.span);
    return { name: symbolName(nameOf(statement.sid, statement.effect, index)), kind: SymbolKind.Object, range, selectionRange: range };
  });
  const last = outline.statements.at(-1);
  return withRest(shown, outline.statements.length - shown.length, last === undefined ? undefined : toRange(doc, last.span).end);
}

/** Keeps an answer within MAX_SYMBOLS: elements are dropped first, then the entries past the limit. */
function bounded(symbols: DocumentSymbol[]): DocumentSymbol[] {
  const count = (list: readonly DocumentSymbol[]): number => list.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
  if (count(symbols) <= MAX_SYMBOLS) return symbols;
  const trimmed = symbols.map((symbol) => ({ ...symbol, children: (symbol.children ?? []).map(({ children: _dropped, ...child }) => child) }));
  if (count(trimmed) <= MAX_SYMBOLS) return trimmed;
  return onlyTop(trimmed.map(({ children: _dropped, ...symbol }) => symbol));
}

/** The top level alone, within MAX_SYMBOLS: the answer when even their first level of children does not fit. */
function onlyTop(top: DocumentSymbol[]): DocumentSymbol[] {
  const shown = top.slice(0, MAX_SYMBOLS - 1);
  return withRest(shown, top.length - shown.length, top.at(-1)?.range.end);
}

/** Adds one last entry, from the end of the shown symbols to the end of the rest, naming how many are not shown. */
function withRest(shown: DocumentSymbol[], rest: number, lastEnd: Position | undefined): DocumentSymbol[] {
  if (rest <= 0 || lastEnd === undefined) return shown;
  const start = shown.at(-1)?.range.end ?? lastEnd;
  const range = { start, end: lastEnd };
  return [
    ...shown,
    { name: `… ${rest} more not listed (the document is too large for a full outline)`, kind: SymbolKind.Namespace, range, selectionRange: range },
  ];
}
