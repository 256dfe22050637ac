import type { ResourceDraft } from './accountDraft';

/**
 * Which account lists each resource, as accounts are built (all at load, or each when a request first reaches it), so
 * that a resource listed under two accounts is reported: a resource has one owner, and the model answers with one of
 * the listings, the later account's (as `ModelIndex` keeps it), without a word before. The warning is the same
 * whichever account is built first.
 */
export class ResourceListings {
  /** The listing the model uses so far, by ARN. */
  private readonly used = new Map<string, { readonly accountId: string; readonly resource: ResourceDraft }>();

  constructor(
    /** An account's place in the model's order. */
    private readonly placeOf: (accountId: string) => number,
  ) {}

  note(accountId: string, resource: ResourceDraft): void {
    const known = this.used.get(resource.arn);
    const listing = { accountId, resource };
    if (known === undefined) {
      this.used.set(resource.arn, listing);
      return;
    }
    if (known.accountId === accountId) return;
    const [used, other] = this.placeOf(known.accountId) <= this.placeOf(accountId) ? [listing, known] : [known, listing];
    this.used.set(resource.arn, used);
    const { reader, span } = used.resource.listedAt;
    reader.report(
      span,
      `The resource ${resource.arn} is also listed under account ${other.accountId}; a resource has one owner, and the model uses this listing, under account ${used.accountId}, and ignores that one.`,
      'duplicateResource',
      'warning',
    );
  }
}
