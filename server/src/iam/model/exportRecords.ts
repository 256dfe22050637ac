import type { Span, TextInParts } from '../span';
import type { JsonNode, LocatedString } from './jsonReader';

/**
 * What the importer takes from each entry of an authorization-details export, whichever way the export was read: from
 * a tree of its nodes, or scanned straight from its text (`scanExport`). A value of the wrong type reads as absent,
 * as it does in the tree; policy documents are nodes without children (an object's span, or a string with its value).
 */

/** An entry of `Policies`, with the document of its default version. */
export interface PolicyRecord {
  readonly item: Span;
  readonly name: string | undefined;
  readonly arn: string | undefined;
  readonly path: string | undefined;
  readonly document: JsonNode | undefined;
}

/** An inline policy of a user, group or role (`UserPolicyList`, …). */
export interface InlineRecord {
  readonly name: string | undefined;
  readonly document: JsonNode | undefined;
}

/** What an entry holds that a request reads only once it reaches the principal. */
export interface EntityParts {
  readonly inline: readonly InlineRecord[];
  readonly tags: Record<string, string>;
}

/** An entry of `UserDetailList`, `GroupDetailList` or `RoleDetailList`. */
export interface EntityRecord {
  /** `UserName`, `GroupName` or `RoleName`. */
  readonly name: LocatedString | undefined;
  readonly path: string | undefined;
  /** `UserId`, `GroupId` or `RoleId`. */
  readonly id: string | undefined;
  readonly arn: string | undefined;
  readonly groups: LocatedString[];
  /** The `PolicyArn` of each `AttachedManagedPolicies` entry. */
  readonly attached: readonly LocatedString[];
  readonly boundary: LocatedString | undefined;
  readonly trust: JsonNode | undefined;
  /**
   * Its inline policies and tags; or, from the scanner, readers that take them from the text when first called, for
   * an entry whose documents are all objects (reading those reports nothing, so nothing said at load depends on when
   * they are read). An export is asked about a few principals at a time: most entries' parts are never read, and
   * keeping them all was most of an export's memory and of the collector's work at load.
   */
  readonly parts: EntityParts | LaterParts;
}

/** An entry's parts, read from the text on demand (see `EntityRecord.parts`). */
export interface LaterParts {
  readonly later: true;
  inline(): readonly InlineRecord[];
  /** Where the documents of `inline()`'s drafts are (those with a name), without reading the rest. */
  documents(): Span[];
  tags(): Record<string, string>;
}

/** An export read in full into records, in the order of its lists. */
export interface ExportRecords {
  /** Where its documents' text is read from: the whole text, or the file read a window at a time (`scanExportWindows`). */
  readonly text: TextInParts;
  /** The account of the first IAM ARN in the export (see `accountOfExport`). */
  readonly account: string | undefined;
  readonly policies: readonly PolicyRecord[];
  readonly groups: readonly EntityRecord[];
  readonly users: readonly EntityRecord[];
  readonly roles: readonly EntityRecord[];
}
