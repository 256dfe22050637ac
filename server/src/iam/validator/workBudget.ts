/**
 * A count of steps a rule may spend on one document. Pairwise checks (is this entry covered by that one?) grow with
 * the square of a list's length and the product of two patterns' lengths; a hostile 60 KB policy made them run for
 * half a minute. A rule charges each comparison's cost and, once the budget is spent, stops comparing and says so in
 * one finding, so the work is bounded whatever the input while ordinary policies (far below the budget) are checked
 * in full.
 */
export class WorkBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  /** Charges `cost` steps; false once the budget is spent (the caller then stops and reports it once). */
  charge(cost: number): boolean {
    this.spent += cost;
    return this.spent <= this.limit;
  }

  get exhausted(): boolean {
    return this.spent > this.limit;
  }
}

/**
 * Steps a redundancy rule may spend per document (a step is about a character compared, or a cell of a pattern
 * table): about 100 ms of comparisons here. The AWS managed policies (ReadOnlyAccess lists thousands of actions)
 * stay far below it; `npm run bench` reports the worst generated input against it.
 */
export const REDUNDANCY_BUDGET = 8_000_000;
