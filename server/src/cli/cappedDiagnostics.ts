// Diagnostics printed on stderr, a few of each kind: a model or a test file can repeat one mistake hundreds of times
// (a path left out of every test's principal, a policy every user names that the export does not hold), and a screen
// of identical lines hides the one different line among them.

/** How many diagnostics of one code in one file are printed; the rest are counted in one line. */
export const SHOWN_PER_KIND = 20;

/** What makes diagnostics alike: where they are and what they say. */
export interface DiagnosticKind {
  /** The file as shown to the user. */
  readonly file: string;
  readonly code: string;
  readonly severity: string;
}

export interface CappedDiagnostics {
  /** Writes `line` (a formatted diagnostic), unless `SHOWN_PER_KIND` of its kind were written already. */
  write(line: string, kind: DiagnosticKind): void;
  /** Says, for each kind, how many lines were left out since the last call. */
  countLeftOut(): void;
}

export function cappedDiagnostics(command: string, stream: { write(text: string): unknown } = process.stderr): CappedDiagnostics {
  const written = new Map<string, number>();
  const leftOut = new Map<string, { kind: DiagnosticKind; count: number }>();
  return {
    write(line, kind) {
      const key = `${kind.file}\u0000${kind.code}\u0000${kind.severity}`;
      const count = written.get(key) ?? 0;
      if (count < SHOWN_PER_KIND) {
        written.set(key, count + 1);
        stream.write(`iam-policy-lab ${command}: ${line}\n`);
        return;
      }
      const left = leftOut.get(key);
      if (left) left.count++;
      else leftOut.set(key, { kind, count: 1 });
    },
    countLeftOut() {
      for (const { kind, count } of leftOut.values()) {
        const noun = count === 1 ? kind.severity : `${kind.severity}s`;
        stream.write(`iam-policy-lab ${command}: ${kind.file}: ${count.toLocaleString('en-US')} more ${kind.code} ${noun} like those above, not shown\n`);
      }
      leftOut.clear();
    },
  };
}
