/**
 * The run-time values the server takes from vscode-languageserver (enums, error classes, message types), imported
 * from the package in this one file. The package is CommonJS, and the bundle copies all of its 300-odd exports into
 * a fresh object for each file that imports a value from it: with ten such files, every start of the language
 * server copied some 3,000 properties before reading `initialize`. Types are still imported from the package
 * directly (they leave nothing in the bundle); ESLint keeps value imports here.
 */
export {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
