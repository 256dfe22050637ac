/** textDocument/formatting: jsonc-parser's formatter with the editor's indentation. */
import { format } from 'jsonc-parser';
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { toRange } from '../convert';
import type { ParsedDocument } from '../documents';

export function formatDocument(doc: ParsedDocument, options: FormattingOptions): TextEdit[] {
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
