import type { Span } from '../span';
import type { PolicyType } from '../policyTypes';

/** Where a policy came from, so every explanation can point at its exact characters. */
export interface PolicySource {
  /** Display name: the policy name, `inline policy X of user alice`, an ARN for AWS managed policies, … */
  readonly name: string;
  readonly type: PolicyType;
  /** ARN of a managed policy, where it has one. */
  readonly arn?: string;
  /** Absolute path or URI of the file that holds the document (a policy file, or the model file for inline ones). */
  readonly file?: string;
  /**
   * Where the document's text sits within `file` (inline policies sit inside the model file); absent when the file
   * is the document. Spans in the parsed policy and in traces are relative to the document's own text: add
   * `span.offset` to place them in `file` (`explain/fileSpan.ts` does this).
   */
  readonly span?: Span;
  /**
   * True when the document was URL-decoded from an authorization-details export: spans inside it do not map onto
   * `file`, so point at `span` (the encoded string) instead.
   */
  readonly decoded?: boolean;
  /** What it is attached to: `user alice`, `group Developers`, `ou-prod`, `arn:aws:s3:::reports`. */
  readonly attachedTo?: string;
}
