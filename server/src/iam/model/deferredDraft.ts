import type { InlinePolicyDraft, PolicyReference, RoleDraft, UserDraft } from './accountDraft';
import type { InlineRecord, LaterParts } from './exportRecords';
import type { JsonReader, LocatedString } from './jsonReader';
import type { PolicyDocumentHandle } from './policyLoader';
import type { Span } from '../span';

/** How an export's drafts read what they read on demand (one for the export). */
export interface DraftReading {
  /** The drafts of inline policies, their documents read as the importer reads them. */
  readonly inlineDrafts: (records: readonly InlineRecord[]) => InlinePolicyDraft[];
  /** The document (an object) at a span of the export's text. */
  readonly document: (span: Span) => PolicyDocumentHandle;
}

/** What is known of a user or role at load: enough to list it and to check its references. */
export interface DraftOutline {
  readonly name: string;
  readonly path: string;
  readonly policies: PolicyReference[];
  readonly groups: LocatedString[];
  readonly span: Span;
  readonly reader: JsonReader;
  readonly uniqueId: string | undefined;
  readonly arn: string | undefined;
  readonly permissionsBoundary: PolicyReference | undefined;
  readonly trustPolicy: PolicyDocumentHandle | undefined;
}

/**
 * A user or role of a scanned export whose inline policies and tags are read from the text when first asked for (see
 * `EntityRecord.parts`): its principal is built only when a request reaches it, and most never are. A role's draft
 * has no groups (`groups` is empty).
 */
export class DeferredDraft implements UserDraft, RoleDraft {
  readonly name: string;
  readonly path: string;
  readonly policies: PolicyReference[];
  readonly groups: LocatedString[];
  readonly span: Span;
  readonly reader: JsonReader;
  declare readonly uniqueId?: string;
  declare readonly arn?: string;
  declare readonly permissionsBoundary?: PolicyReference;
  declare readonly trustPolicy?: PolicyDocumentHandle;
  private tagsRead: Record<string, string> | undefined;

  constructor(
    outline: DraftOutline,
    private readonly parts: LaterParts,
    private readonly reading: DraftReading,
  ) {
    this.name = outline.name;
    this.path = outline.path;
    this.policies = outline.policies;
    this.groups = outline.groups;
    this.span = outline.span;
    this.reader = outline.reader;
    // Every instance has every field, undefined or not, so that tens of thousands of them share one shape; readers
    // of a draft take undefined for absent, as they must for a draft read in full.
    const optional = this as {
      uniqueId?: string | undefined;
      arn?: string | undefined;
      permissionsBoundary?: PolicyReference | undefined;
      trustPolicy?: PolicyDocumentHandle | undefined;
    };
    optional.uniqueId = outline.uniqueId;
    optional.arn = outline.arn;
    optional.permissionsBoundary = outline.permissionsBoundary;
    optional.trustPolicy = outline.trustPolicy;
  }

  /**
   * Read each time, not kept: who-can reads every principal's documents once to skip those a request cannot concern,
   * and keeping them all would hold an export's every document handle; a principal is built once.
   */
  get inlinePolicies(): InlinePolicyDraft[] {
    return this.reading.inlineDrafts(this.parts.inline());
  }

  /**
   * Adds the documents of `inlinePolicies` to `documents`, without the drafts around them: who-can reads these for
   * every principal, and each is one small object.
   */
  addInlineDocuments(documents: { push(document: PolicyDocumentHandle): unknown }): void {
    for (const span of this.parts.documents()) documents.push(this.reading.document(span));
  }

  get tags(): Record<string, string> {
    return (this.tagsRead ??= this.parts.tags());
  }
}
