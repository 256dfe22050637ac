/**
 * The explainer's structured explanation (iam/explain) rendered for clients: lines with clickable locations and the
 * same as markdown, plus the structured explanation itself for clients that draw their own.
 */
import type { Explanation, ExplainedStatement, Fix } from '../../iam/explain';
import { decidingHead, DECISION_MARK, noAllowingStatementLine, noDenyFix, noSingleFix, SECTION, whyLine } from '../../iam/explain';
import { placedEdit, policyLocationInFile, toPosition, type FileTexts } from '../convert';
import { locationKey, type ExplanationLine, type Snippet, type SourceLocation, type WireExplanation, type WireFix } from '../protocol';

function located(files: FileTexts, statement: ExplainedStatement, span: ExplainedStatement['span']): SourceLocation | undefined {
  const file = statement.policy.file;
  return file === undefined || span === undefined ? undefined : policyLocationInFile(files, file, span);
}

function statementLines(files: FileTexts, statement: ExplainedStatement): ExplanationLine[] {
  const head = located(files, statement, statement.span);
  const lines: ExplanationLine[] = [{ text: statement.headline, depth: 1, ...(head !== undefined ? { location: head } : {}) }];
  for (const reason of statement.reasons) {
    const location = located(files, statement, reason.span);
    lines.push({ text: `${reason.matched ? '✔' : '✖'} ${reason.sentence}`, depth: 2, ...(location !== undefined ? { location } : {}) });
  }
  return lines;
}

/** A fix with its edits placed in their files; a fix with an edit that cannot be placed is left out. */
function wireFix(files: FileTexts, fix: Fix): WireFix | undefined {
  const edits = [];
  for (const edit of fix.edits) {
    // Placed as an edit: in a template-built model, only where the template can take it, written as it writes it.
    const placed = placedEdit(files, edit.file, edit.span, edit.newText);
    if (placed === undefined) return undefined;
    edits.push({ uri: placed.location.uri, range: placed.location.range, newText: placed.newText });
  }
  return { title: fix.title, kind: fix.kind, edits, context: fix.context, decision: fix.decision, ...(fix.paired === true ? { paired: true } : {}) };
}

/** Locations and snippets of the explained statements and their reasons, keyed as WireExplanation describes. */
function statementParts(files: FileTexts, explanation: Explanation): Pick<WireExplanation, 'locations' | 'snippets'> {
  const locations: Record<string, SourceLocation> = {};
  const snippets: Record<string, Snippet> = {};
  const add = (group: 'deciding' | 'nearMisses', statements: readonly ExplainedStatement[]) =>
    statements.forEach((statement, i) => {
      const head = located(files, statement, statement.span);
      if (head) locations[locationKey(group, i)] = head;
      statement.reasons.forEach((reason, r) => {
        const at = located(files, statement, reason.span);
        if (at) locations[locationKey(group, i, 'reasons', r)] = at;
      });
      const file = statement.policy.file;
      const snippet = statement.snippet;
      if (file === undefined || snippet === undefined) return;
      // A snippet of a template-built model is the built JSON, which is not what the template shows: none then.
      const placed = files.place ? files.place(file, { offset: snippet.offset, length: 0 }) : { file, span: { offset: snippet.offset, length: 0 } };
      const text = placed?.file === file && placed.span.offset === snippet.offset ? files(file) : undefined;
      if (text) snippets[locationKey(group, i)] = { text: snippet.text, start: toPosition(text, snippet.offset) };
    });
  add('deciding', explanation.deciding);
  add('nearMisses', explanation.nearMisses);
  return { locations, snippets };
}

/** `reasonFirst`: also the markdown that leads with why and the fixes, for a failing test's message. */
export function toWireExplanation(files: FileTexts, explanation: Explanation, options: { reasonFirst?: boolean } = {}): WireExplanation {
  const reasonLocation =
    explanation.reasonFile !== undefined && explanation.reasonSpan !== undefined
      ? policyLocationInFile(files, explanation.reasonFile, explanation.reasonSpan)
      : undefined;
  const fixes = (explanation.fixes ?? []).map((f) => wireFix(files, f)).filter((f): f is WireFix => f !== undefined);
  const verdict: ExplanationLine[] = [
    { text: DECISION_MARK[explanation.decision], depth: 0 },
    { text: explanation.summary, depth: 0 },
  ];
  const why: ExplanationLine = { text: whyLine(explanation.reason), depth: 0, ...(reasonLocation ? { location: reasonLocation } : {}) };
  const howToFix: ExplanationLine[] = [];
  if (fixes.length > 0) {
    howToFix.push({ text: (explanation.fixes ?? []).some((fix) => fix.paired === true) ? SECTION.pairedFixes : SECTION.fixes, depth: 0 });
    for (const fix of fixes)
      howToFix.push({ text: fix.title, depth: 1, ...(fix.edits[0] ? { location: { uri: fix.edits[0].uri, range: fix.edits[0].range } } : {}) });
  } else if (noSingleFix(explanation)) howToFix.push({ text: SECTION.noSingleFix, depth: 0 });
  else if (noDenyFix(explanation)) howToFix.push({ text: SECTION.noDenyFix, depth: 0 });
  // Problems with the request or the policies right after the answer, before how to change it, as the CLI prints them:
  // they change what the answer means (no fix is found for an action no service has).
  const problems: ExplanationLine[] = explanation.errors.map((error) => ({ text: `! ${error}`, depth: 0 }));
  const evidence = evidenceLines(files, explanation);
  // The why and the how right under the answer, as the CLI prints them; an allow is its own reason.
  const lines = [...verdict, ...(explanation.decision !== 'allowed' ? [why] : []), ...problems, ...howToFix, ...evidence];
  return {
    summary: explanation.summary,
    reason: explanation.reason,
    ...(reasonLocation ? { reasonLocation } : {}),
    fixes,
    ...statementParts(files, explanation),
    lines,
    markdown: toMarkdown(lines),
    // A failing test's message leads with why (also for an allow: what granted it), then the fixes: its first line is
    // the one the Testing view lists.
    ...(options.reasonFirst ? { reasonFirstMarkdown: toMarkdown([why, ...problems, ...howToFix, ...verdict, ...evidence]) } : {}),
    details: explanation,
  };
}

/** Everything after the answer, the why and the fixes: notes, problems, deciding statements, layers, near misses. */
function evidenceLines(files: FileTexts, explanation: Explanation): ExplanationLine[] {
  const lines: ExplanationLine[] = [];
  if (explanation.note !== undefined) lines.push({ text: `Note: ${explanation.note}`, depth: 0 });
  if (explanation.deciding.length > 0) {
    lines.push({ text: decidingHead(explanation.decision), depth: 0 });
    for (const statement of explanation.deciding) lines.push(...statementLines(files, statement));
  }
  if (explanation.implicitDenyLayer !== undefined) {
    lines.push({ text: noAllowingStatementLine(explanation.implicitDenyLayer.label), depth: 0 });
  }
  if (explanation.layers.length > 0) {
    lines.push({ text: SECTION.layers, depth: 0 });
    for (const layer of explanation.layers) lines.push({ text: `${layer.label}: ${layer.sentence}`, depth: 1 });
  }
  if (explanation.nearMisses.length > 0) {
    lines.push({ text: SECTION.nearMisses, depth: 0 });
    for (const statement of explanation.nearMisses) lines.push(...statementLines(files, statement));
  }
  return lines;
}

function toMarkdown(lines: readonly ExplanationLine[]): string {
  return lines
    .map((line, index) => {
      const text = escapeMarkdown(line.text);
      const linked =
        line.location !== undefined
          ? `${text} ([${fileName(line.location.uri)}:${line.location.range.start.line + 1}](${line.location.uri}#L${line.location.range.start.line + 1}))`
          : text;
      if (index === 0) return `**${linked}**\n`;
      if (line.depth === 0) return `\n${linked}\n`;
      return `${'  '.repeat(line.depth - 1)}- ${linked}`;
    })
    .join('\n');
}

function fileName(uri: string): string {
  const raw = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // an unescaped `%` from the client
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
