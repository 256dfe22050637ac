/** textDocument/formatting: jsonc-parser's formatter with the editor's indentation. */
import { format } from 'jsonc-parser';
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { MAX_NESTING_DEPTH, maxNestingDepth } from '../../iam/parser';
import { toRange } from '../convert';
import type { ParsedDocument } from '../documents';

/** The widest indentation step formatting applies. */
export const MAX_TAB_SIZE = 16;

export function formatDocument(doc: ParsedDocument, options: FormattingOptions): TextEdit[] {
  // jsonc-parser indents each level on its own line, so its output grows with the square of the depth: thousands of
  // unclosed brackets (a paste gone wrong) took seconds. No policy nests that deep, so such text is left as it is,
  // and the parser's `tooDeep` diagnostic already tells the user why.
  if (maxNestingDepth(doc.text) > MAX_NESTING_DEPTH) return [];
  // The options come from the client as they are: a tabSize of 10^8 would indent each line with 10^8 spaces. An
  // indentation outside what any editor offers is not applied; the document is left as it is.
  if (!Number.isInteger(options.tabSize) || options.tabSize < 1 || options.tabSize > MAX_TAB_SIZE) return [];
  if (typeof options.insertSpaces !== 'boolean') return [];
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  const edits = format(doc.text, undefined, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol,
    insertFinalNewline: options.insertFinalNewline === true,
    keepLines: false,
  });
  return edits.map((edit) => ({ range: toRange(doc, { offset: edit.offset, length: edit.length }), newText: edit.content }));
}
