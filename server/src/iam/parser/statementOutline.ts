import type { Span } from '../span';

/** One statement object of a policy's `Statement`, found without building its tree. */
export interface OutlinedStatement {
  readonly span: Span;
  /** The statement's Sid and Effect when they are written as plain strings (for a name in an outline). */
  readonly sid?: string;
  readonly effect?: string;
}

export interface StatementOutline {
  /** The statement objects of the last top-level `Statement`, in order (an object `Statement` is one statement). */
  readonly statements: readonly OutlinedStatement[];
  /** The span of the whole document's top-level value, when it is an object. */
  readonly root: Span | undefined;
  /** Where a statement starts that never closes (a `}` missing in it or later): the outline stops being exact there. */
  readonly unclosed: Span | undefined;
}

/**
 * Strings (ending at a line break when unterminated, as jsonc-parser ends them), comments and brackets: everything
 * the outline needs. The regular expression skips the rest natively, so a scan costs little per character.
 */
const TOKEN = /"(?:[^"\\\r\n]|\\.)*"?|\/\/[^\r\n]*|\/\*[\s\S]*?(?:\*\/|$)|[{}[\]]/g;
const SPACE = /[ \t\r\n]*/y;

/**
 * Finds where each statement of a policy text starts and ends without parsing it, for documents far larger than any
 * policy AWS accepts: the editor reads such a document statement by statement (each statement parsed on its own and
 * its result kept by its text), which needs the statements' spans first. The scan stops after a number of tokens and
 * resumes where it stopped (`step`), so a caller can spread a 10 MB text over many short moments.
 *
 * It is an outline, not a parser: malformed text yields the statements that can be delimited, and judging the syntax
 * is left to the parser, which sees every statement and the text between them.
 */
export class StatementOutliner {
  private readonly token = new RegExp(TOKEN.source, 'g');
  private done = false;
  private depth = 0;
  private rootStart = -1;
  private rootEnd = -1;
  /** A top-level `Statement` key was read and its value has not started yet. */
  private statementValueNext = false;
  /** The depth of the statements' own keys (3 inside a `Statement` array, 2 for a `Statement` object), or 0. */
  private statementDepth = 0;
  private statementStart = -1;
  private key: string | undefined;
  private sid: string | undefined;
  private effect: string | undefined;
  private statements: OutlinedStatement[] = [];

  constructor(private readonly text: string) {}

  /** Reads at most `tokens` more tokens; true once the whole text has been read. */
  step(tokens: number): boolean {
    const text = this.text;
    const token = this.token;
    for (let n = 0; n < tokens && !this.done; n++) {
      const match = token.exec(text);
      if (match === null) {
        this.done = true;
        break;
      }
      const value = match[0];
      const first = value.charCodeAt(0);
      if (first === 0x22 /* " */) this.string(value, token.lastIndex);
      else if (first === 0x7b /* { */ || first === 0x5b /* [ */) this.open(first, match.index);
      else if (first === 0x7d /* } */ || first === 0x5d /* ] */) this.close(match.index);
      // Comments are skipped: the parser reports them.
    }
    return this.done;
  }

  outline(): StatementOutline {
    const root = this.rootStart < 0 ? undefined : { offset: this.rootStart, length: (this.rootEnd < 0 ? this.text.length : this.rootEnd + 1) - this.rootStart };
    const unclosed = this.statementStart >= 0 ? { offset: this.statementStart, length: 1 } : undefined;
    return { statements: this.statements, root, unclosed };
  }

  private isKey(end: number): boolean {
    SPACE.lastIndex = end;
    SPACE.exec(this.text);
    return this.text.charCodeAt(SPACE.lastIndex) === 0x3a; /* : */
  }

  private string(value: string, end: number): void {
    if (this.depth === 1) {
      if (this.isKey(end)) {
        this.statementValueNext = value === '"Statement"';
      } else if (this.statementValueNext) {
        // A Statement that is a plain string has no statements (the parser reports it).
        this.statementValueNext = false;
        this.statements = [];
      }
      return;
    }
    if (this.statementDepth === 0 || this.depth !== this.statementDepth || this.statementStart < 0) return;
    // A key, also right after a value the scan does not see (a number, true, false, null).
    if (this.isKey(end)) {
      this.key = value;
      return;
    }
    // A plain string value: keep it when it is the Sid or the Effect.
    const unquoted = value.length >= 2 && value.endsWith('"') ? value.slice(1, -1) : value.slice(1);
    if (this.key === '"Sid"') this.sid = unquoted;
    else if (this.key === '"Effect"') this.effect = unquoted;
    this.key = undefined;
  }

  private open(bracket: number, at: number): void {
    this.depth++;
    if (this.depth === 1) {
      if (this.rootStart < 0 && bracket === 0x7b) this.rootStart = at;
      return;
    }
    if (this.depth === 2 && this.statementValueNext) {
      // The value of a top-level Statement: it replaces any earlier one (the last key wins, as in the parser).
      this.statementValueNext = false;
      this.statements = [];
      if (bracket === 0x5b) {
        this.statementDepth = 3;
      } else {
        this.statementDepth = 2;
        this.beginStatement(at);
      }
      return;
    }
    if (this.statementDepth === 3 && this.depth === 3 && bracket === 0x7b && this.statementStart < 0) {
      this.beginStatement(at);
      return;
    }
    // A nested object or array as a statement's value: that key has no plain string value.
    if (this.depth === this.statementDepth + 1) this.key = undefined;
  }

  private close(at: number): void {
    if (this.depth === 0) return;
    if (this.statementStart >= 0 && this.depth === this.statementDepth) {
      this.statements.push({
        span: { offset: this.statementStart, length: at + 1 - this.statementStart },
        ...(this.sid !== undefined ? { sid: this.sid } : {}),
        ...(this.effect !== undefined ? { effect: this.effect } : {}),
      });
      this.statementStart = -1;
      if (this.statementDepth === 2) this.statementDepth = 0;
    } else if (this.statementDepth === 3 && this.depth === 2) {
      this.statementDepth = 0;
    }
    if (this.depth === 1 && this.rootEnd < 0) this.rootEnd = at;
    this.depth--;
  }

  private beginStatement(at: number): void {
    this.statementStart = at;
    this.key = undefined;
    this.sid = undefined;
    this.effect = undefined;
  }
}
