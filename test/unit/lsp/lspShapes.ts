/**
 * Checks an LSP response against what the LSP types and VS Code's client require of it, beyond "it is JSON": VS Code
 * rejects a DocumentSymbol with an empty name or a selectionRange outside its range, a completion whose edit spans
 * lines or does not contain the position, a range past the document's end. Each check returns the problems found
 * (empty when the response is valid), so a replay can say which keystroke produced which.
 */
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range, TextEdit } from 'vscode-languageserver-protocol';

type Problems = string[];

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function contains(outer: Range, inner: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

export function checkPosition(text: string, p: Position | undefined, where: string): Problems {
  if (!p || !isInt(p.line) || !isInt(p.character)) return [`${where}: not a position ${JSON.stringify(p)}`];
  const all = lines(text);
  if (p.line >= all.length) return [`${where}: line ${p.line} past the end (${all.length} lines)`];
  if (p.character > (all[p.line] ?? '').length) return [`${where}: character ${p.character} past the end of line ${p.line}`];
  return [];
}

export function checkRange(text: string, r: Range | undefined, where: string): Problems {
  if (!r) return [`${where}: no range`];
  const problems = [...checkPosition(text, r.start, `${where}.start`), ...checkPosition(text, r.end, `${where}.end`)];
  if (problems.length === 0 && !before(r.start, r.end)) problems.push(`${where}: end before start`);
  return problems;
}

export function checkSymbols(text: string, symbols: readonly DocumentSymbol[] | null, where = 'symbol'): Problems {
  if (symbols === null) return [];
  return symbols.flatMap((s, i) => {
    const at = `${where}[${i}]`;
    const problems: Problems = [];
    if (typeof s.name !== 'string' || s.name.trim() === '') problems.push(`${at}: name must not be falsy (${JSON.stringify(s.name)})`);
    if (!isInt(s.kind) || s.kind < 1 || s.kind > 26) problems.push(`${at}: kind ${s.kind}`);
    problems.push(...checkRange(text, s.range, `${at}.range`), ...checkRange(text, s.selectionRange, `${at}.selectionRange`));
    if (problems.length === 0 && !contains(s.range, s.selectionRange)) problems.push(`${at}: selectionRange must be contained in fullRange`);
    problems.push(...checkSymbols(text, s.children ?? [], `${at}.children`));
    return problems;
  });
}

export function checkFolding(text: string, ranges: readonly FoldingRange[] | null): Problems {
  const count = lines(text).length;
  return (ranges ?? []).flatMap((r, i) =>
    !isInt(r.startLine) || !isInt(r.endLine) || r.startLine > r.endLine || r.endLine >= count ? [`folding[${i}]: ${JSON.stringify(r)} in ${count} lines`] : [],
  );
}

function checkEdit(text: string, edit: TextEdit, where: string): Problems {
  const problems = checkRange(text, edit.range, `${where}.range`);
  if (typeof edit.newText !== 'string') problems.push(`${where}: newText is not a string`);
  return problems;
}

export function checkCompletions(text: string, position: Position, items: readonly CompletionItem[]): Problems {
  return items.flatMap((item, i) => {
    const at = `completion[${i}] ${JSON.stringify(item.label)}`;
    const problems: Problems = [];
    if (typeof item.label !== 'string' || item.label === '') problems.push(`${at}: empty label`);
    if (item.kind !== undefined && (!isInt(item.kind) || item.kind < 1 || item.kind > 25)) problems.push(`${at}: kind ${item.kind}`);
    const edit = item.textEdit;
    if (edit) {
      const ranges = 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
      for (const range of ranges) {
        problems.push(...checkRange(text, range, at));
        // VS Code: an insert or replace range must be on one line and contain the position completion was asked at.
        if (range.start.line !== range.end.line) problems.push(`${at}: edit range spans lines`);
        if (!contains(range, { start: position, end: position })) problems.push(`${at}: edit range does not contain the position`);
      }
    }
    for (const [j, extra] of (item.additionalTextEdits ?? []).entries()) problems.push(...checkEdit(text, extra, `${at}.additionalTextEdits[${j}]`));
    return problems;
  });
}

export function checkDiagnostics(text: string, diagnostics: readonly Diagnostic[]): Problems {
  return diagnostics.flatMap((d, i) => {
    const at = `diagnostic[${i}]`;
    const problems = checkRange(text, d.range, at);
    if (typeof d.message !== 'string' || d.message === '') problems.push(`${at}: empty message`);
    if (d.severity !== undefined && (!isInt(d.severity) || d.severity < 1 || d.severity > 4)) problems.push(`${at}: severity ${d.severity}`);
    return problems;
  });
}

export function checkCodeActions(text: string, uri: string, actions: readonly CodeAction[] | null): Problems {
  return (actions ?? []).flatMap((a, i) => {
    const at = `codeAction[${i}] ${JSON.stringify(a.title)}`;
    const problems: Problems = [];
    if (typeof a.title !== 'string' || a.title === '') problems.push(`${at}: empty title`);
    for (const [file, edits] of Object.entries(a.edit?.changes ?? {})) {
      // Edits of this document must fit it; edits of other files cannot be checked here.
      if (file === uri) for (const [j, e] of edits.entries()) problems.push(...checkEdit(text, e, `${at}.edit[${j}]`));
    }
    problems.push(...checkDiagnostics(text, a.diagnostics ?? []));
    return problems;
  });
}

export function checkHover(text: string, hover: Hover | null): Problems {
  if (hover === null) return [];
  const problems: Problems = [];
  if (hover.contents === undefined || hover.contents === null) problems.push('hover: no contents');
  if (hover.range) problems.push(...checkRange(text, hover.range, 'hover.range'));
  return problems;
}
