import type { Span } from './span';

/** Severity as LSP and SARIF understand it. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One text replacement; spans refer to the document the finding was made on. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A fix the editor can offer as a quick fix and the CLI can describe. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one fix to apply when a user asks for "the" fix (did-you-mean with a single best candidate). */
  readonly preferred?: boolean;
}

/**
 * A validator finding. `code` is our stable rule id (users configure severities by it); `awsCode` is the
 * IAM Access Analyzer issue code of the equivalent check, where one exists.
 */
export interface Finding {
  readonly code: string;
  readonly awsCode?: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly fixes?: readonly Fix[];
  /** Marks findings about code that has no effect, which editors render faded. */
  readonly unnecessary?: boolean;
}
