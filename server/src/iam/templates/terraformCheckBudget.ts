/**
 * One bound on the policy instances a check of one Terraform file validates, over the whole walk: the file's own
 * resources with count/for_each and every policy of the module instances its calls read. Without it a small file
 * calling a module with for_each over 64 keys, whose policies each have `count = 100`, validated 128,000 policies.
 * What the bound leaves out is counted, and said in one note at the first place it cut.
 */
import type { Span } from '../span';
import type { HclFile } from './hclValues';

/** At most this many policy instances are validated in one check of a file (identical texts validate once besides). */
export const MAX_CHECKED_INSTANCES = 2000;

type Place = { readonly file: HclFile; readonly span: Span };

/** What a validation takes instances from: `take` says whether `count` more fit, `where` places the note if not. */
export interface PolicyBudget {
  take(count: number, where: () => Place): boolean;
}

export class CheckBudget implements PolicyBudget {
  private remaining: number;
  /** How many policy instances the bound left unchecked. */
  skipped = 0;
  /** Where the first instance was left out: the note about the bound goes there. */
  firstCut: Place | undefined;

  constructor(readonly limit = MAX_CHECKED_INSTANCES) {
    this.remaining = limit;
  }

  /** Takes `count` policy instances from the budget; false (and counted as skipped) when they do not fit. */
  take(count: number, where: () => Place): boolean {
    if (count <= this.remaining) {
      this.remaining -= count;
      return true;
    }
    this.skipped += count;
    this.firstCut ??= where();
    return false;
  }

  /** The same budget, with the note placed at `file` and `span` whatever the place of the cut (a module call's). */
  at(file: HclFile, span: Span): PolicyBudget {
    return { take: (count) => this.take(count, () => ({ file, span })) };
  }

  /** The note saying what the bound left out, or none. */
  message(): string | undefined {
    if (this.skipped === 0) return undefined;
    return `${this.skipped} policy instance${this.skipped === 1 ? ' is' : 's are'} not checked: at most ${this.limit} policy instances (resources with count or for_each, and the policies of the module instances this file's calls read) are checked in one file.`;
  }
}
