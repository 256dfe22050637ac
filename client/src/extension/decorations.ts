/**
 * Inline explanations: after a run, the statements that decided (and the near misses) show in every open editor of
 * their file: an after-text on the statement's first line, the deciding or failing element highlighted (a background,
 * never a squiggle: these are not problems), and a hover with the whole explanation. `clear` removes them all.
 */
import * as vscode from 'vscode';
import type { EvaluateResult, LspRange } from '../../../server/src/lsp/protocol';
import type { ExplainedStatement } from '../../../server/src/iam/explain';

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

/**
 * The parts worth highlighting, as the core chose its reasons: what did not match for a near miss; the conditions
 * for a deciding statement, or when it has none, the Action it matched on.
 */
function focus(s: ExplainedStatement, base: string, locations: EvaluateResult['explanation']['locations'], applied: boolean): LspRange[] {
  const at = (i: number) => locations[`${base}/reasons/${i}`]?.range;
  const pick = (want: (r: ExplainedStatement['reasons'][number]) => boolean) =>
    s.reasons.map((r, i) => (want(r) ? at(i) : undefined)).filter((r): r is LspRange => r !== undefined);
  if (!applied) return pick((r) => !r.matched).slice(0, 1);
  const conditions = pick((r) => r.element === 'Condition');
  return conditions.length > 0 ? conditions : pick((r) => r.element === 'Action' || r.element === 'NotAction');
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

  /** Shows one evaluation: the core's after-text for each statement it explained, and the hover with why and how. */
  show(reply: EvaluateResult): void {
    const wire = reply.explanation;
    const byUri = new Map<string, Pending[]>();
    // The server's markdown puts the reason and the fixes right under the verdict.
    const hover = new vscode.MarkdownString(wire.markdown);
    const add = (s: ExplainedStatement, base: string, kind: Pending['kind']): void => {
      const where = wire.locations[base];
      if (!where) return;
      const list = byUri.get(where.uri) ?? [];
      list.push({ line: where.range.start.line, text: s.inlineText, kind, highlights: focus(s, base, wire.locations, kind !== 'miss'), hover });
      byUri.set(where.uri, list);
    };
    wire.details?.deciding.forEach((s, i) => add(s, `deciding/${i}`, s.effect === 'Deny' ? 'deny' : 'allow'));
    wire.details?.nearMisses.forEach((s, i) => add(s, `nearMisses/${i}`, 'miss'));
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
