import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type ParseError } from 'jsonc-parser';
import type { ParsedPolicy, ParseProblem } from './policyTree';
import { buildDocument } from './buildDocument';
import { findDuplicateKeys } from './duplicateKeys';
import { quotableToken } from '../quotableToken';

/**
 * Nesting deeper than this is never a policy (real ones stop at about six levels), and jsonc-parser's recursive
 * descent would overflow the stack on tens of thousands of levels, so such text gets a problem instead of a tree.
 */
export const MAX_NESTING_DEPTH = 256;

/** At most this many invalid-character problems per document, so a binary file does not flood the editor. */
const MAX_CHARACTER_PROBLEMS = 20;

/** Likewise for syntax errors: after the first few, the rest are usually consequences of the first. */
const MAX_SYNTAX_PROBLEMS = 50;

/**
 * Parses policy text into a typed tree whose every node carries its span, plus the problems found on the way.
 * Never throws: broken or half-typed JSON still yields a partial tree (jsonc-parser is fault-tolerant), which is what
 * completion and hover work on while the user types.
 */
export function parsePolicy(text: string): ParsedPolicy {
  const problems: ParseProblem[] = [];
  const scan = scanText(text, problems);
  findInvalidCharacters(text, problems);

  if (scan.empty) {
    problems.push({ kind: 'empty', message: 'The document is empty: a policy is a JSON object with a Statement.', span: { offset: 0, length: 0 } });
    return { text, tree: undefined, document: undefined, problems };
  }
  if (scan.maxDepth > MAX_NESTING_DEPTH) {
    problems.push({
      kind: 'tooDeep',
      message: `The JSON is nested ${scan.maxDepth} levels deep; a policy never goes deeper than a few levels, so it is not analysed further.`,
      span: scan.deepSpan,
    });
    return { text, tree: undefined, document: undefined, problems };
  }

  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: false, allowTrailingComma: false, allowEmptyContent: true });
  for (const error of errors.slice(0, MAX_SYNTAX_PROBLEMS)) {
    problems.push({
      kind: 'syntax',
      message: syntaxMessage(error, text),
      span: { offset: error.offset, length: Math.min(error.length, text.length - error.offset) },
    });
  }
  if (errors.length > MAX_SYNTAX_PROBLEMS) {
    const last = errors[errors.length - 1] as ParseError;
    problems.push({
      kind: 'syntax',
      message: `${errors.length - MAX_SYNTAX_PROBLEMS} more JSON syntax errors follow; fix the first ones, the rest often disappear with them.`,
      span: { offset: last.offset, length: last.length },
    });
  }
  if (tree) findDuplicateKeys(tree, problems);

  let document;
  if (tree?.type === 'object') {
    document = buildDocument(tree);
  } else if (tree) {
    problems.push({
      kind: 'notAnObject',
      message: `A policy document must be a JSON object, but this is ${tree.type === 'array' ? 'an array' : `a ${tree.type}`}.`,
      span: { offset: tree.offset, length: tree.length },
    });
  }
  return { text, tree, document, problems };
}

interface ScanSummary {
  readonly empty: boolean;
  readonly maxDepth: number;
  readonly deepSpan: { offset: number; length: number };
}

/** One pass of the scanner: comments (AWS rejects them), nesting depth, and whether there is any content at all. */
function scanText(text: string, problems: ParseProblem[]): ScanSummary {
  const scanner = createScanner(text, false);
  let depth = 0;
  let maxDepth = 0;
  let deepOffset = 0;
  let empty = true;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    switch (kind) {
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia:
        problems.push({
          kind: 'comment',
          message: 'AWS does not accept comments in policy documents; remove it before you deploy this policy.',
          span: { offset: scanner.getTokenOffset(), length: Math.min(scanner.getTokenLength(), text.length - scanner.getTokenOffset()) },
        });
        break;
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        empty = false;
        depth++;
        if (depth > maxDepth) {
          maxDepth = depth;
          if (depth === MAX_NESTING_DEPTH + 1) deepOffset = scanner.getTokenOffset();
        }
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        empty = false;
        depth = Math.max(0, depth - 1);
        break;
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        break;
      default:
        empty = false;
    }
  }
  return { empty, maxDepth, deepSpan: { offset: deepOffset, length: 1 } };
}

/**
 * AWS accepts only TAB, LF, CR and U+0020–U+00FF in policy text (IAM quotas page). A run of refused characters is one
 * problem, named by its first character and counted in characters (code points): an emoji is one character, U+1F600,
 * not two UTF-16 halves.
 */
function findInvalidCharacters(text: string, problems: ParseProblem[]): void {
  if (!holdsRefusedCharacter(text)) return;
  let reported = 0;
  for (let i = 0; i < text.length; i++) {
    const first = text.codePointAt(i) ?? 0;
    if (isAccepted(first)) continue;
    let end = i;
    let characters = 0;
    for (let c = first; end < text.length && !isAccepted(c) && characters < 64; c = text.codePointAt(end) ?? 0) {
      end += c > 0xffff ? 2 : 1;
      characters++;
    }
    problems.push({
      kind: 'invalidCharacter',
      message: `AWS accepts only tab, line breaks and characters U+0020 to U+00FF in a policy; found U+${first.toString(16).toUpperCase().padStart(4, '0')}${characters > 1 ? ` (and ${characters - 1} more)` : ''}.`,
      span: { offset: i, length: end - i },
    });
    i = end - 1;
    if (++reported >= MAX_CHARACTER_PROBLEMS) return;
  }
}

function isAccepted(c: number): boolean {
  return (c >= 0x20 && c <= 0xff) || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The characters `isAccepted` refuses, as one native search over a whole text. */
const REFUSED_CHARACTER = /[^\t\n\r\x20-\xff]/;

/** True when the text holds a character AWS does not accept in a policy (each is a problem of parsePolicy's). */
export function holdsRefusedCharacter(text: string): boolean {
  return REFUSED_CHARACTER.test(text);
}

/** The found text is quoted only when it is a short ordinary token: this file may not be a policy at all. */
function syntaxMessage(error: ParseError, text: string): string {
  const what = describeSyntaxError(printParseErrorCode(error.error));
  const found = error.length > 0 && error.length <= 16 ? quotableToken(text.slice(error.offset, error.offset + error.length)) : undefined;
  return found !== undefined ? `${what} (found '${found}')` : what;
}

/** A jsonc-parser error code in words (`CloseBraceExpected` → "A closing '}' is expected"). */
export function describeSyntaxError(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return 'Unexpected character: this is not valid JSON here';
    case 'InvalidNumberFormat':
      return 'Invalid number';
    case 'PropertyNameExpected':
      return 'A property name in double quotes is expected';
    case 'ValueExpected':
      return 'A value is expected';
    case 'ColonExpected':
      return "A ':' is expected after the property name";
    case 'CommaExpected':
      return "A ',' is expected between items";
    case 'CloseBraceExpected':
      return "A closing '}' is expected";
    case 'CloseBracketExpected':
      return "A closing ']' is expected";
    case 'EndOfFileExpected':
      return 'Unexpected text after the end of the JSON document';
    case 'InvalidCommentToken':
      return 'Invalid comment';
    case 'UnexpectedEndOfComment':
      return 'The comment is not closed';
    case 'UnexpectedEndOfString':
      return 'The string is not closed: a closing double quote is missing';
    case 'UnexpectedEndOfNumber':
      return 'The number ends unexpectedly';
    case 'InvalidUnicode':
      return 'Invalid \\u escape in a string';
    case 'InvalidEscapeCharacter':
      return 'Invalid escape character in a string';
    case 'InvalidCharacter':
      return 'Invalid character in a string (control characters must be escaped)';
    default:
      return `JSON syntax error (${code})`;
  }
}
