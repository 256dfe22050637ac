/**
 * Policy files above LARGE_DOCUMENT_CHARS (documents.ts), read statement by statement. Parsing a 10 MB policy in one
 * go held the server for seconds on every keystroke; here the work is cut into slices (timeSlice.ts) between which
 * other requests are answered, a newer version stops the older one's work, and each statement's result is kept by
 * its text, so an edit re-checks only the statements it changed.
 *
 * The document is read in three parts: the outline (where each statement starts and ends, a native scan), each
 * statement parsed on its own, and the frame (the text around the statements, each statement replaced by `{}`)
 * parsed once per shape. Together they cover every character, so the cheap checks that run above the limit (JSON
 * syntax, comments, characters, duplicate keys) find what a whole parse would find, at the same places; the size
 * quota is counted on the whole text.
 */
import { parsePolicy, StatementOutliner, type ParsedPolicy, type OutlinedStatement, type StatementOutline } from '../../iam/parser';
import type { Finding } from '../../iam/findings';
import { ALL_RULES, countWithoutWhitespace, inferPolicyType, validatePolicy } from '../../iam/validator';
import type { Catalog } from '../../iam/catalog';
import type { PolicyType } from '../../iam/policyTypes';
import type { ParsedDocument, PolicyUnit } from '../documents';
import type { Settings } from '../settings';
import { TimeSlicer } from '../timeSlice';

/** Tokens the outline reads between two looks at the clock (about a millisecond's worth). */
const OUTLINE_TOKENS = 4096;
/**
 * The longest statement, and the longest frame, parsed in one go: a real statement is a few kilobytes and a
 * well-formed policy's frame a few lines, so longer means the statements could not be delimited.
 */
const PIECE_LIMIT = 64 * 1024;
/** Statements checked between two looks at the clock (a new statement takes about 0.05 ms, a reused one far less). */
const STATEMENTS_PER_CHECK = 16;

const STRUCTURE_RULES = ALL_RULES.filter((rule) => ['jsonSyntax', 'jsonComment', 'invalidCharacter', 'duplicateKey'].includes(rule.id));
const SIZE_RULES = ALL_RULES.filter((rule) => rule.id === 'policySize');

/** A finding with the offset its spans are relative to. */
export interface PlacedFinding {
  readonly base: number;
  readonly finding: Finding;
}

/** What one statement's text gives, whatever its place: its findings and its size without white space. */
interface StatementResult {
  readonly findings: readonly Finding[];
  readonly size: number;
}

interface Remembered {
  readonly settings: Settings;
  /** Each statement's result by the statement's text, as of the last completed check. */
  readonly statements: Map<string, StatementResult>;
  readonly frame: CheckedFrame | undefined;
}

interface CheckedFrame {
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly type: PolicyType;
  /** The frame's parse: the document's shape, whose start is where the size finding goes. */
  readonly parsed: ParsedPolicy;
}

export class LargePolicies {
  private readonly outlines = new Map<string, { readonly version: number; readonly outline: Promise<StatementOutline> }>();
  private readonly remembered = new Map<string, Remembered>();

  /** @param isCurrent whether this parse is still the open document's latest version. */
  constructor(
    private readonly catalog: Catalog,
    private readonly isCurrent: (doc: ParsedDocument) => boolean,
  ) {}

  /** Where the document's statements are; scanned once per version, in slices. Rejects with `Superseded`. */
  outline(doc: ParsedDocument): Promise<StatementOutline> {
    const known = this.outlines.get(doc.uri);
    if (known !== undefined && known.version === doc.version) return known.outline;
    const outline = this.scan(doc);
    this.outlines.set(doc.uri, { version: doc.version, outline });
    // A superseded scan is forgotten, so nobody waits on it again (its rejection is seen by whoever awaited it).
    outline.catch(() => {
      if (this.outlines.get(doc.uri)?.outline === outline) this.outlines.delete(doc.uri);
    });
    return outline;
  }

  /** The cheap checks of every part of the document, each with its base offset. Rejects with `Superseded`. */
  async findings(doc: ParsedDocument, settings: Settings): Promise<PlacedFinding[]> {
    const outline = await this.outline(doc);
    const slicer = new TimeSlicer(() => this.isCurrent(doc));
    const known = this.remembered.get(doc.uri);
    const previous = known?.settings === settings ? known : undefined;
    const statements = new Map<string, StatementResult>();
    const placed: PlacedFinding[] = [];
    // The size quota counts the whole text without white space: the statements' counts are kept with their results,
    // and the text between statements is counted as it goes (a statement starts and ends outside any string).
    let size = 0;
    let from = 0;
    let done = 0;
    for (const statement of outline.statements) {
      size += countWithoutWhitespace(doc.text.slice(from, statement.span.offset));
      from = statement.span.offset + statement.span.length;
      const text = doc.text.slice(statement.span.offset, from);
      let result = statements.get(text) ?? previous?.statements.get(text);
      if (result === undefined && text.length > PIECE_LIMIT) {
        // No real statement is this long: a `}` deleted in it left the statements after it inside it. Parsing it
        // whole would hold the server for seconds per keystroke, so its start is named instead.
        result = {
          findings: this.undelimited(
            0,
            `This statement runs for ${text.length} characters, too long to check while editing: a '}' is probably missing in it. Run \`iam-policy-lab check\` on the file for its syntax.`,
            settings,
          ),
          size: countWithoutWhitespace(text),
        };
      }
      if (result === undefined) {
        const findings = validatePolicy(parsePolicy(text), {
          type: 'identity',
          catalog: this.catalog,
          severities: settings.rules,
          rules: STRUCTURE_RULES,
        }).findings;
        result = { findings, size: countWithoutWhitespace(text) };
      }
      // Reused results cost a lookup each, but tens of thousands of lookups add up: the clock is read every few.
      if (++done % STATEMENTS_PER_CHECK === 0) await slicer.checkpoint();
      statements.set(text, result);
      size += result.size;
      for (const finding of result.findings) placed.push({ base: statement.span.offset, finding });
    }
    size += countWithoutWhitespace(doc.text.slice(from));
    await slicer.checkpoint();
    // The frame is parsed again only when its text changed: an edit inside a statement leaves it as it was.
    const frame = await frameOf(doc.text, outline, slicer);
    if (frame.text.length > PIECE_LIMIT) {
      // The statements could not be delimited (one left open, or no Statement array): parsing the rest whole would
      // hold the server for seconds per keystroke, so the place is named instead.
      const at = outline.unclosed?.offset ?? outline.root?.offset ?? 0;
      const message =
        outline.unclosed !== undefined
          ? "This statement is not closed: a '}' is missing in it or after it. The text after it is checked once it is."
          : 'No statement array could be delimited in this large document, so its JSON syntax is not checked while editing; run `iam-policy-lab check` on it.';
      for (const finding of this.undelimited(at, message, settings)) placed.push({ base: 0, finding });
      this.remembered.set(doc.uri, { settings, statements, frame: undefined });
      slicer.ensureCurrent();
      return placed;
    }
    const framed = previous?.frame?.text === frame.text ? previous.frame : this.checkFrame(frame.text, settings);
    for (const finding of framed.findings) placed.push({ base: 0, finding: moveFinding(finding, frame.toOriginal) });
    await slicer.checkpoint();
    for (const finding of this.sizeFindings(doc, framed, size, settings)) placed.push({ base: 0, finding });
    this.remembered.set(doc.uri, { settings, statements, frame: framed });
    // The caller converts offsets with the open document's line table right away: it must still be this version.
    slicer.ensureCurrent();
    return placed;
  }

  forget(uri: string): void {
    this.outlines.delete(uri);
    this.remembered.delete(uri);
  }

  private async scan(doc: ParsedDocument): Promise<StatementOutline> {
    const slicer = new TimeSlicer(() => this.isCurrent(doc));
    const outliner = new StatementOutliner(doc.text);
    while (!outliner.step(OUTLINE_TOKENS)) await slicer.checkpoint();
    return outliner.outline();
  }

  /** A syntax finding (through the jsonSyntax rule, so its severity is the user's) where delimiting failed. */
  private undelimited(offset: number, message: string, settings: Settings): readonly Finding[] {
    const parsed: ParsedPolicy = { text: '', tree: undefined, document: undefined, problems: [{ kind: 'syntax', message, span: { offset, length: 1 } }] };
    return validatePolicy(parsed, { type: 'identity', catalog: this.catalog, severities: settings.rules, rules: STRUCTURE_RULES }).findings;
  }

  /**
   * The frame's findings in the frame's own coordinates (mapped back by the caller), and the policy type its shape
   * suggests (the statements are empty in it, so that is mostly what the settings or the top-level keys say).
   */
  private checkFrame(text: string, settings: Settings): CheckedFrame {
    const parsed = parsePolicy(text);
    const type = settings.policyType === 'auto' ? inferPolicyType(parsed.document) : settings.policyType;
    return {
      text,
      parsed,
      type,
      findings: validatePolicy(parsed, { type, catalog: this.catalog, severities: settings.rules, rules: STRUCTURE_RULES }).findings,
    };
  }

  /**
   * The size quota of the whole text, counted by the caller. The rule reads where the document starts, which the
   * frame has at the same offset (the text before the first statement is the frame's own).
   */
  private sizeFindings(doc: ParsedDocument, frame: CheckedFrame, size: number, settings: Settings): readonly Finding[] {
    const whole: ParsedPolicy = { ...frame.parsed, text: doc.text, problems: [] };
    return validatePolicy(whole, { type: frame.type, catalog: this.catalog, severities: settings.rules, rules: SIZE_RULES, sizeWithoutWhitespace: size })
      .findings;
  }
}

/** A finding of the frame, with its span and its fixes' edits moved to the document's offsets. */
function moveFinding(finding: Finding, toOriginal: Frame['toOriginal']): Finding {
  const moved: Finding = { ...finding, span: toOriginal(finding.span) };
  if (finding.fixes === undefined) return moved;
  return { ...moved, fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, span: toOriginal(edit.span) })) })) };
}

/**
 * The statement under `offset` as a policy unit of its own, for completion and hover in a large policy file: the
 * statement's text inside a `Statement` array, placed so that its spans are the document's offsets. Only that
 * statement is parsed; outside every statement there is no unit.
 */
export function statementUnit(doc: ParsedDocument, outline: StatementOutline, offset: number): PolicyUnit | undefined {
  const statements = outline.statements;
  let low = 0;
  let high = statements.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((statements[mid] as OutlinedStatement).span.offset <= offset) low = mid;
    else high = mid - 1;
  }
  const statement = statements[low];
  if (statement === undefined || offset < statement.span.offset || offset > statement.span.offset + statement.span.length) return undefined;
  const base = statement.span.offset - STATEMENT_PREFIX.length;
  if (base < 0) return undefined;
  const text = `${STATEMENT_PREFIX}${doc.text.slice(statement.span.offset, statement.span.offset + statement.span.length)}]}`;
  return { base, length: text.length, parsed: parsePolicy(text), type: undefined, label: 'policy' };
}

const STATEMENT_PREFIX = '{"Statement":[';

/** The text around the statements, each statement replaced by `{}`, with the way back to the document's offsets. */
interface Frame {
  readonly text: string;
  toOriginal(span: { readonly offset: number; readonly length: number }): { offset: number; length: number };
}

const PLAIN_SEPARATOR = /^[ \t\r\n]*,[ \t\r\n]*$/;

async function frameOf(text: string, outline: StatementOutline, slicer: TimeSlicer): Promise<Frame> {
  // Pieces of the frame: where each starts in the frame and in the document.
  const frameStarts: number[] = [];
  const originalStarts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  let from = 0;
  const piece = (original: number, part: string): void => {
    frameStarts.push(length);
    originalStarts.push(original);
    parts.push(part);
    length += part.length;
  };
  // A run of statements separated only by commas and white space (nothing there can be wrong) stands as one `{}`,
  // so the frame of a well-formed policy is a few lines whatever its size.
  const statements = outline.statements;
  for (let i = 0; i < statements.length;) {
    await slicer.checkpoint();
    const first = statements[i] as OutlinedStatement;
    let last = first;
    for (i++; i < statements.length; i++) {
      if (i % STATEMENTS_PER_CHECK === 0) await slicer.checkpoint();
      const next = statements[i] as OutlinedStatement;
      if (!PLAIN_SEPARATOR.test(text.slice(last.span.offset + last.span.length, next.span.offset))) break;
      last = next;
    }
    piece(from, text.slice(from, first.span.offset));
    piece(first.span.offset, '{');
    piece(last.span.offset + last.span.length - 1, '}');
    from = last.span.offset + last.span.length;
  }
  piece(from, text.slice(from));
  const toOriginalOffset = (offset: number): number => {
    let low = 0;
    let high = frameStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((frameStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return (originalStarts[low] ?? 0) + offset - (frameStarts[low] ?? 0);
  };
  return {
    text: parts.join(''),
    toOriginal: (span) => {
      const start = toOriginalOffset(span.offset);
      return { offset: start, length: Math.max(0, toOriginalOffset(span.offset + span.length) - start) };
    },
  };
}
