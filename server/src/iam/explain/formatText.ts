import type { Span } from '../span';
import type { ExplainedLayer, ExplainedStatement, Explanation, Fix } from './explanation';
import { decidingHead, DECISION_MARK, noAllowingStatementLine, SECTION, whyLine } from './sentences';
import { parsesAsJson } from '../parsesAsJson';

/** Turns a file and span into what a reader can open (`policies/dev.json:7:5`), or undefined when it cannot. */
export type Locate = (file: string, span: Span | undefined) => string | undefined;

const LAYER_MARK = { allows: '✔', denies: '✖', noAllow: '✖', notApplicable: '–' } as const;
/** A layer that allowed nothing on a request allowed all the same was not needed (the panel's mark for it). */
const NOT_NEEDED_MARK = '∅';

/**
 * The explanation as plain text for terminals: the decision, AWS's sentence, problems with the request or the
 * policies, how to fix a denial, the deciding statements with file:line, the layers, then the near misses. `locate` is
 * the edge's offset-to-line conversion (invariant 4).
 */
export function formatExplanationText(explanation: Explanation, locate: Locate, locateEdit: Locate = locate): string {
  const lines: string[] = [DECISION_MARK[explanation.decision], explanation.summary];
  // A denial says why in one line right under the answer, then how to change it; an allow is its own reason.
  if (explanation.decision !== 'allowed') {
    const at = explanation.reasonFile !== undefined ? locate(explanation.reasonFile, explanation.reasonSpan) : undefined;
    lines.push(`${whyLine(explanation.reason)}${at ? `  (${at})` : ''}`);
  }
  lines.push('');
  // Right after the answer, before how to change it: a typo in the request or a policy that could not be read changes
  // what the answer means (no fix is found for a request that names an action no service has).
  if (explanation.errors.length > 0) {
    lines.push('Problems:');
    for (const error of explanation.errors) lines.push(`  ! ${error}`);
    lines.push('');
  }
  if (explanation.fixes !== undefined && explanation.fixes.length > 0) {
    lines.push(explanation.fixes.some((fix) => fix.paired === true) ? SECTION.pairedFixes : SECTION.fixes);
    for (const fix of explanation.fixes) lines.push(...fixLines(fix, locateEdit));
    lines.push('');
  } else if (noSingleFix(explanation)) {
    lines.push(SECTION.noSingleFix, '');
  } else if (noDenyFix(explanation)) {
    lines.push(SECTION.noDenyFix, '');
  }
  if (explanation.note !== undefined && !explanation.summary.includes(explanation.note)) lines.push(`Note: ${explanation.note}`, '');
  if (explanation.deciding.length > 0) {
    lines.push(decidingHead(explanation.decision));
    for (const statement of explanation.deciding) lines.push(...statementLines(statement, locate));
    lines.push('');
  }
  if (explanation.implicitDenyLayer) {
    lines.push(noAllowingStatementLine(explanation.implicitDenyLayer.label), '');
  }
  if (explanation.layers.length > 0) {
    lines.push(SECTION.layers);
    for (const layer of explanation.layers) lines.push(`  ${layerLine(layer, explanation.implicitDenyLayer, explanation.decision === 'allowed')}`);
    lines.push('');
  }
  if (explanation.nearMisses.length > 0) {
    lines.push(SECTION.nearMisses);
    for (const statement of explanation.nearMisses) lines.push(...statementLines(statement, locate, true));
    lines.push('');
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

function layerLine(layer: ExplainedLayer, failed: ExplainedLayer | undefined, allowed: boolean): string {
  const side = layer.side ? ` [${layer.side}'s account]` : '';
  const marker = layer === failed ? '  ← why it is denied' : '';
  const mark = allowed && layer.outcome === 'noAllow' ? NOT_NEEDED_MARK : LAYER_MARK[layer.outcome];
  return `${mark} ${layer.label}${side}: ${layer.sentence}${marker}`;
}

function statementLines(statement: ExplainedStatement, locate: Locate, nearMiss = false): string[] {
  const only = statement.reasons.length === 1 ? statement.reasons[0] : undefined;
  if (nearMiss && only) {
    // The headline already says the one thing that failed: point at that element rather than repeat it.
    const at = statement.policy.file !== undefined ? locate(statement.policy.file, only.span ?? statement.span) : statement.policy.arn;
    return [`  ✖ ${statement.headline}${at ? `  (${at})` : ''}`];
  }
  const where = statement.policy.file !== undefined ? locate(statement.policy.file, statement.span) : statement.policy.arn;
  const lines = [`  ${statement.headline}${where ? `  (${where})` : ''}`];
  // Conditions and mismatches are what a reader needs; matched Action/Resource only when nothing else explains it.
  const telling = statement.reasons.filter((r) => r.element === 'Condition' || !r.matched);
  const reasons = telling.length > 0 ? telling : statement.reasons;
  for (const reason of reasons) {
    const at = statement.policy.file !== undefined && reason.span ? locate(statement.policy.file, reason.span) : undefined;
    lines.push(`    ${reason.matched ? '·' : '✖'} ${reason.sentence}${at ? `  (${at})` : ''}`);
  }
  return lines;
}

/**
 * True when fixes were looked for in the statements that came close to allowing and none works alone: said, rather
 * than leaving the reader to wonder. (An explicit Deny is fixed by its conditions or by narrowing it, and a request no
 * statement came near has nothing to mend.)
 */
export function noSingleFix(explanation: Explanation): boolean {
  return explanation.fixes !== undefined && explanation.fixes.length === 0 && explanation.decision === 'implicitDeny' && explanation.nearMisses.length > 0;
}

/** `end` (`file:line:column`) without its file when `start` names the same one: `5:111`. */
function sameFileAs(start: string | undefined, end: string): string {
  const place = /^(.*):(\d+:\d+)$/;
  const [, startFile] = place.exec(start ?? '') ?? [];
  const [, endFile, lineColumn] = place.exec(end) ?? [];
  return startFile !== undefined && startFile === endFile && lineColumn !== undefined ? lineColumn : end;
}

/** True when fixes were looked for an explicit deny and none lifts it: said, rather than leaving "How to fix" out. */
export function noDenyFix(explanation: Explanation): boolean {
  return explanation.fixes !== undefined && explanation.fixes.length === 0 && explanation.decision === 'explicitDeny';
}

function fixLines(fix: Fix, locate: Locate): string[] {
  const lines = [`  → ${fix.title}`];
  // A template that writes the policy otherwise (a SAM policy template, a string built by !Sub) takes no edit.
  if (fix.kind === 'edit' && fix.edits.length === 0) lines.push('      (by hand: the template does not write this part as text an edit can change)');
  for (const edit of fix.edits) {
    const at = locate(edit.file, edit.span);
    if (edit.newText === '' && edit.span.length > 0) {
      const end = locate(edit.file, { offset: edit.span.offset + edit.span.length, length: 0 });
      lines.push(`      ${at ?? edit.file}: ${end === undefined ? `delete ${edit.span.length} characters` : `delete up to ${sameFileAs(at, end)}`}`);
    } else if (/^\r?\n[ \t]*- /.test(edit.newText)) {
      // YAML lines (a statement added under a block sequence) are shown as lines: their indentation is their meaning.
      lines.push(`      ${at ?? edit.file}: insert these lines after it:`);
      for (const line of edit.newText.split(/\r?\n/).slice(1)) lines.push(`        ${line}`);
    } else if (edit.newText.includes('\n') && !parsesAsJson(edit.newText.trim().replace(/^,/, ''))) {
      // So is text that is no JSON (an HCL object): read on one line, it would not be what to write.
      lines.push(`      ${at ?? edit.file}: ${edit.span.length === 0 ? 'insert' : 'replace with'}:`);
      for (const line of edit.newText.split(/\r?\n/)) if (line.trim() !== '') lines.push(`        ${line}`);
    } else {
      // JSON laid out on several lines (a statement added) is read on one: JSON strings hold no line break.
      const written = edit.newText.trim().replace(/\s*\n\s*/g, ' ');
      lines.push(`      ${at ?? edit.file}: ${edit.span.length === 0 ? 'insert' : 'replace with'} ${written}`);
    }
  }
  return lines;
}
