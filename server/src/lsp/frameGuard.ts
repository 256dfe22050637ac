/**
 * The stdio reader of the language server, with what to do when the byte stream itself is broken. vscode-jsonrpc
 * reports a header without a usable Content-Length and carries on reading, but from then on it cannot find where a
 * message starts, so the server would live on answering nothing. A broken frame therefore ends the process (the
 * client sees the server exit and can restart it), as does a message that never completes. A body that is not JSON
 * leaves the framing intact: it is only logged, and the next message is read as usual.
 */
// The reader is made by nodeServer.ts, the one file that imports values from vscode-languageserver/node (see lspValues.ts).
import type { MessageReader, StreamMessageReader } from 'vscode-languageserver/node';

/** How long a started message may stay incomplete before the stream is taken as broken. */
export const PARTIAL_MESSAGE_LIMIT_MS = 60_000;
const CHECK_EVERY_MS = 10_000;

export function guardedStdinReader(reader: StreamMessageReader, exit: (message: string) => void): MessageReader {
  reader.partialMessageTimeout = CHECK_EVERY_MS;
  let token = -1;
  let waits = 0;
  reader.onPartialMessage((info) => {
    waits = info.messageToken === token ? waits + 1 : 1;
    token = info.messageToken;
    if (waits * CHECK_EVERY_MS >= PARTIAL_MESSAGE_LIMIT_MS)
      exit(`a message stayed incomplete for ${PARTIAL_MESSAGE_LIMIT_MS / 1000} s (a wrong Content-Length?)`);
  });
  reader.onError((error) => {
    // A body that does not parse is a SyntaxError from the JSON decoder; everything else is the framing.
    if (error instanceof SyntaxError) return;
    exit(`the input is not LSP framing any more (${error.message.split('\n')[0] ?? ''})`);
  });
  return reader;
}
