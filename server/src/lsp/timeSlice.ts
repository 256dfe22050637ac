/**
 * Long work on one document, cut into short slices so the server answers other requests in between.
 *
 * Why slices and not a worker thread: vscode-languageserver runs every handler on one thread and reads the next
 * message whenever a handler awaits, so an async handler that yields to the event loop lets a hover on another
 * document through at once, with nothing to copy. A worker would have to receive the document's text and send back
 * its results by structured clone (for a 10 MB document that costs about what the work saves), would need its own
 * catalog, and would not run in the in-memory test harness. Slicing keeps one process, one catalog and one cache.
 */

/** How long one slice may run before the server goes back to its message queue. */
export const SLICE_MS = 8;

/** Thrown out of sliced work whose document has a newer version (or was closed): its result would be stale. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer version of the document');
  }
}

/** Lets queued messages and timers run. setImmediate runs after I/O, so a waiting request is read first. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

export class TimeSlicer {
  private sliceStarted = Date.now();

  /** @param current false once the work's document has changed or closed: the work then stops with `Superseded`. */
  constructor(private readonly current: () => boolean) {}

  /** Yields when this slice has run its time, and stops the work when it has become stale. Call between units of work. */
  async checkpoint(): Promise<void> {
    if (Date.now() - this.sliceStarted < SLICE_MS) return;
    await yieldToEventLoop();
    this.sliceStarted = Date.now();
    if (!this.current()) throw new Superseded();
  }

  /**
   * Stops the work when it has become stale, without yielding: called where work that ran without a checkpoint (all
   * of it remembered from earlier versions) is about to be handed on, since an edit may have landed while it waited.
   */
  ensureCurrent(): void {
    if (!this.current()) throw new Superseded();
  }
}
