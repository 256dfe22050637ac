/**
 * The one guard every handler runs through. It answers a cancelled request with `RequestCancelled`, turns a
 * `RequestFailure` (a deliberate refusal, such as an untrusted workspace) into a JSON-RPC error with its code, and
 * for anything unexpected logs the error with the handler's name and document, then answers with a neutral value
 * so one bad document never stops the server or floods the user with error pop-ups.
 */
import type { CancellationToken } from 'vscode-languageserver';
import { ErrorCodes, LSPErrorCodes, ResponseError } from './lspValues';
import { Superseded } from './timeSlice';

/** A refusal the client should see as a JSON-RPC error with this code and message. */
export class RequestFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Logger {
  error(message: string): void;
}

export interface GuardOptions<T> {
  /** Handler name and what it worked on, for the log (`completion file:///a.json`). */
  readonly context: string;
  readonly token?: CancellationToken | undefined;
  /**
   * What to answer when the handler fails unexpectedly. Omitted for custom requests, whose clients should see the
   * failure as an error response instead of an empty answer.
   */
  readonly fallback?: { readonly value: T };
}

export async function runSafe<T>(logger: Logger, options: GuardOptions<T>, handler: () => T | Promise<T>): Promise<T | ResponseError<void>> {
  if (options.token?.isCancellationRequested === true) return cancelled();
  try {
    const value = await handler();
    // The token may have been cancelled while the handler ran.
    if (isCancelled(options.token)) return cancelled();
    return value;
  } catch (error) {
    if (error instanceof RequestFailure) return new ResponseError(error.code, error.message);
    // Work on a version that has since changed: nothing failed, and the client asks again about the newer version
    // (ContentModified is the code clients drop silently).
    if (error instanceof Superseded) return new ResponseError(LSPErrorCodes.ContentModified, error.message);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logger.error(`IAM Policy Lab: ${options.context} failed: ${detail}`);
    if (options.fallback !== undefined) return options.fallback.value;
    return new ResponseError(ErrorCodes.InternalError, `${options.context} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs a notification handler (no response) through the same logging guard. */
export function runSafeNotification(logger: Logger, context: string, handler: () => void | Promise<void>): void {
  void runSafe(logger, { context, fallback: { value: undefined } }, handler);
}

function isCancelled(token: CancellationToken | undefined): boolean {
  return token?.isCancellationRequested === true;
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
