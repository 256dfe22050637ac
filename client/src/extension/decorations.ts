/**
 * Inline explanations: after a run, the statements that decided (and the near misses) show in every open editor of
 * their file: an after-text on the statement's first line, the deciding or failing element highlighted (a background,
 * never a squiggle: these are not problems), and a hover with the whole explanation. `clear` removes them all.
 */
import * as vscode from 'vscode';
import type { EvaluateResult, LspRange } from '../../../server/src/lsp/protocol';
import type { StatementTrace } from '../../../server/src/iam/evaluator/types';
import { conditionNote, elementSentence } from '../protocol/reasons';

interface Pending {
  readonly line: number;
  readonly text: string;
  readonly kind: 'deny' | 'allow' | 'miss';
  readonly highlights: readonly LspRange[];
  readonly hover: vscode.MarkdownString;
}

function toRange(r: LspRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The one element worth pointing at: a failed one for a near miss, the conditions (or the action) that matched otherwise. */
function focus(s: StatementTrace, key: string, locations: EvaluateResult['locations'], applied: boolean): { ranges: LspRange[]; why?: string } {
  if (!applied) {
    const c = s.conditions.findIndex((x) => !x.matched);
    const e = s.elements.findIndex((x) => !x.matched);
    if (e !== -1) {
      const el = s.elements[e];
      const loc = locations[`${key}/elements/${e}/value`] ?? locations[`${key}/elements/${e}`];
      return { ranges: loc ? [loc.range] : [], ...(el ? { why: elementSentence(el) } : {}) };
    }
    if (c !== -1) {
      const cond = s.conditions[c];
      const loc = locations[`${key}/conditions/${c}`];
      return { ranges: loc ? [loc.range] : [], ...(cond ? { why: `${cond.operator} ${cond.key}: ${conditionNote(cond)}` } : {}) };
    }
    return { ranges: [] };
  }
  if (s.conditions.length > 0) {
    const ranges = s.conditions.map((_, i) => locations[`${key}/conditions/${i}`]?.range).filter((r): r is LspRange => r !== undefined);
    const first = s.conditions[0];
    return { ranges, ...(first ? { why: `${first.key} ${conditionNote(first)}` } : {}) };
  }
  const ranges = s.elements
    .map((el, i) => (el.element === 'Action' || el.element === 'NotAction' ? locations[`${key}/elements/${i}/value`]?.range : undefined))
    .filter((r): r is LspRange => r !== undefined);
  const action = s.elements.find((el) => el.element === 'Action' || el.element === 'NotAction');
  return { ranges, ...(action ? { why: elementSentence(action) } : {}) };
}

export class Explanations implements vscode.Disposable {
  private readonly after = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly denied = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    overviewRulerColor: new vscode.ThemeColor('testing.iconFailed'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly allowed = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
    overviewRulerColor: new vscode.ThemeColor('testing.iconPassed'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly missed = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
  });
  private byUri = new Map<string, Pending[]>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when explanations are shown or cleared (the CodeLens provider listens). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions.push(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.apply(e))));
  }

  /** Shows one evaluation. `who` names the principal in the after-text (`alice`). */
  show(reply: EvaluateResult, who: string): void {
    const { result, locations } = reply;
    const byUri = new Map<string, Pending[]>();
    const hover = new vscode.MarkdownString(reply.explanation.markdown);
    const add = (s: StatementTrace, key: string, kind: Pending['kind']): void => {
      const where = locations[key];
      if (!where) return;
      const { ranges, why } = focus(s, key, locations, kind !== 'miss');
      const verb = kind === 'deny' ? '✖ denies' : kind === 'allow' ? '✔ allows' : '○ does not apply to';
      const text = `${verb} ${result.request.action} for ${who}${why ? `: ${why}` : ''}`;
      const list = byUri.get(where.uri) ?? [];
      list.push({ line: where.range.start.line, text, kind, highlights: ranges, hover });
      byUri.set(where.uri, list);
    };
    result.decidingStatements.forEach((s, i) => add(s, `decidingStatements/${i}`, s.effect === 'Deny' ? 'deny' : 'allow'));
    result.nearMisses.forEach((s, i) => add(s, `nearMisses/${i}`, 'miss'));
    this.byUri = byUri;
    this.applyAll();
    this.changed.fire();
  }

  clear(): void {
    this.byUri = new Map();
    this.applyAll();
    this.changed.fire();
  }

  /** The decorated lines of a document, for tests and the CodeLens provider. */
  linesOf(uri: vscode.Uri): readonly { line: number; text: string }[] {
    return (this.byUri.get(uri.toString()) ?? []).map(({ line, text }) => ({ line, text }));
  }

  private applyAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  private apply(editor: vscode.TextEditor): void {
    const items = this.byUri.get(editor.document.uri.toString()) ?? [];
    const lineCount = editor.document.lineCount;
    const after: vscode.DecorationOptions[] = [];
    const denied: vscode.DecorationOptions[] = [];
    const allowed: vscode.DecorationOptions[] = [];
    const missed: vscode.DecorationOptions[] = [];
    for (const item of items) {
      if (item.line >= lineCount) continue;
      const end = editor.document.lineAt(item.line).range.end;
      after.push({ range: new vscode.Range(end, end), hoverMessage: item.hover, renderOptions: { after: { contentText: item.text } } });
      const target = item.kind === 'deny' ? denied : item.kind === 'allow' ? allowed : missed;
      for (const r of item.highlights) target.push({ range: toRange(r), hoverMessage: item.hover });
    }
    editor.setDecorations(this.after, after);
    editor.setDecorations(this.denied, denied);
    editor.setDecorations(this.allowed, allowed);
    editor.setDecorations(this.missed, missed);
  }

  dispose(): void {
    for (const d of [this.after, this.denied, this.allowed, this.missed, this.changed, ...this.subscriptions]) d.dispose();
  }
}
