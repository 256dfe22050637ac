// A progress line for long work (loading a large model, who-can over thousands of principals, long test runs): drawn
// on stderr only when stderr is a terminal, so it never enters machine-readable output, a pipe, a CI log or a test's
// captured output; redrawn at most a few times a second, and erased when the work ends.

/** How often the line may be redrawn, in milliseconds. */
const REDRAW_EVERY = 100;

export interface Progress {
  /**
   * Shows `text` as the current state, if a redraw is due; given as a function, it is worded only then (who-can
   * reports every thousand principals, and formatting numbers for a line nobody sees cost it tens of milliseconds).
   */
  update(text: string | (() => string)): void;
  /** Erases the line (safe to call more than once, and when nothing was shown). */
  done(): void;
}

const SILENT: Progress = { update: () => undefined, done: () => undefined };

/** A progress line for `command`, or a silent one when stderr is not a terminal. */
export function progressLine(command: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < REDRAW_EVERY) return;
      last = now;
      // A terminal that reports no size says 0 columns: read as unknown.
      const width = Math.max(20, (stream.columns || 80) - 1);
      // \r returns to the start of the line, ESC[K erases what a longer previous line left.
      const line = typeof text === 'string' ? text : text();
      stream.write(`\r\u001b[K${`iam-policy-lab ${command}: ${line}`.slice(0, width)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
