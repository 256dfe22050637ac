/**
 * Plain results of the editor assistance (completion, hover, refactorings): spans and markdown, no LSP types, so
 * the language server converts them at its edge and other editors' adapters could reuse them.
 */
import type { Catalog } from '../catalog/types';
import type { PrincipalKind } from '../evaluator/model';
import type { Span } from '../span';

export type CompletionKind = 'property' | 'value' | 'service' | 'action' | 'pattern' | 'operator' | 'key' | 'arn' | 'principal' | 'variable';

export interface AssistCompletion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line beside the label (access level, key type, …). */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text that replaces `replace`; a snippet (`${1:name}`) when `snippet` is true. */
  readonly insertText: string;
  readonly snippet: boolean;
  readonly replace: Span;
  /** What the editor filters on; it compares it with the text from `replace`'s start to the cursor. */
  readonly filterText?: string;
  readonly sortText?: string;
  /** Ask the editor for completions again after inserting (a service prefix, then its actions). */
  readonly retrigger?: boolean;
}

export interface AssistHover {
  readonly markdown: string;
  readonly span: Span;
}

/** A principal of the configured account model, offered in Principal completion. */
export interface KnownPrincipal {
  readonly arn: string;
  readonly kind: PrincipalKind;
  readonly name: string;
  readonly accountId: string;
}

/** What assistance needs from outside the document. */
export interface AssistEnvironment {
  readonly catalog: Catalog;
  readonly principals?: readonly KnownPrincipal[];
  /** The default version's document text of an AWS managed policy, for hovers on `arn:aws:iam::aws:policy/…`. */
  readonly managedPolicyText?: (arn: string) => string | undefined;
  /** The snapshot's version facts of an AWS managed policy (default version, last update). */
  readonly managedPolicyVersion?: (arn: string) => { readonly versionId: string; readonly updated: string } | undefined;
}
