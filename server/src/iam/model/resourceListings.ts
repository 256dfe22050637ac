import type { ResourceDraft } from './accountDraft';

/**
 * Which accounts list each resource, as accounts are built (all at load, or each when a request first reaches it), so
 * that a resource listed under two accounts is reported: a resource has one owner, and the model answers with the
 * listing of the account latest in its order (as `ModelIndex` keeps it), without a word before. Each pair of listings
 * is reported once, at the later one, naming the earlier: the same warnings whichever account is built first.
 */
export class ResourceListings {
  /** Each ARN's listings so far, by account. */
  private readonly listings = new Map<string, Map<string, ResourceDraft>>();

  constructor(
    /** Each account's place in the model's order. */
    private readonly places: ReadonlyMap<string, number>,
  ) {}

  note(accountId: string, resource: ResourceDraft): void {
    let byAccount = this.listings.get(resource.arn);
    if (byAccount === undefined) this.listings.set(resource.arn, (byAccount = new Map()));
    if (byAccount.has(accountId)) return;
    for (const [otherId, other] of byAccount) {
      const [later, earlierId] = this.placeOf(otherId) < this.placeOf(accountId) ? [resource, otherId] : [other, accountId];
      const { reader, span } = later.listedAt;
      reader.report(
        span,
        `The resource ${resource.arn} is also listed under account ${earlierId}, earlier in the model; a resource has one owner, and a later listing replaces an earlier one.`,
        'duplicateResource',
        'warning',
      );
    }
    byAccount.set(accountId, resource);
  }

  private placeOf(accountId: string): number {
    return this.places.get(accountId) ?? -1;
  }
}
