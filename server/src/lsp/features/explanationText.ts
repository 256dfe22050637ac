/**
 * The explainer's structured explanation (iam/explain) rendered for clients: lines with clickable locations and the
 * same as markdown, plus the structured explanation itself for clients that draw their own.
 */
import type { Explanation, ExplainedStatement } from '../../iam/explain/explanation';
import type { PolicySource } from '../../iam/evaluator/types';
import { policyLocationInFile, type FileTexts } from '../convert';
import type { ExplanationLine, SourceLocation, WireExplanation } from '../protocol';

const MARK = { allowed: '✔ ALLOWED', explicitDeny: '✖ DENIED (explicit deny)', implicitDeny: '✖ DENIED (implicit deny)' } as const;

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

export function toWireExplanation(files: FileTexts, explanation: Explanation): WireExplanation {
  const lines: ExplanationLine[] = [
    { text: MARK[explanation.decision], depth: 0 },
    { text: explanation.summary, depth: 0 },
  ];
  if (explanation.note !== undefined) lines.push({ text: `Note: ${explanation.note}`, depth: 0 });
  // Right after the answer, as the CLI prints them: problems change what the answer means.
  for (const error of explanation.errors) lines.push({ text: `! ${error}`, depth: 0 });
  if (explanation.deciding.length > 0) {
    lines.push({ text: explanation.decision === 'allowed' ? 'Allowed by:' : 'Denied by:', depth: 0 });
    for (const statement of explanation.deciding) lines.push(...statementLines(files, statement));
  }
  if (explanation.implicitDenyLayer !== undefined) {
    lines.push({ text: `No allowing statement in: ${explanation.implicitDenyLayer.label}`, depth: 0 });
  }
  if (explanation.layers.length > 0) {
    lines.push({ text: 'Layers (in the order AWS evaluates them):', depth: 0 });
    for (const layer of explanation.layers) lines.push({ text: `${layer.label}: ${layer.sentence}`, depth: 1 });
  }
  if (explanation.nearMisses.length > 0) {
    lines.push({ text: 'Did not apply:', depth: 0 });
    for (const statement of explanation.nearMisses) lines.push(...statementLines(files, statement));
  }
  return { summary: explanation.summary, lines, markdown: toMarkdown(lines), details: explanation };
}

function toMarkdown(lines: readonly ExplanationLine[]): string {
  return lines
    .map((line, index) => {
      const text = escapeMarkdown(line.text);
      const linked = line.location !== undefined ? `${text} ([${fileName(line.location.uri)}:${line.location.range.start.line + 1}](${line.location.uri}#L${line.location.range.start.line + 1}))` : text;
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

/** Describes a statement's policy for "via" lines: `DevelopersReadWrite statement "S3"`. */
export function statementName(source: PolicySource, index: number, sid: string | undefined): string {
  return `${source.name} ${sid !== undefined ? `statement "${sid}"` : `statement ${index + 1}`}`;
}
