import type { CompiledPolicy } from './compiledPolicy';
import type { CompilablePolicyRef } from './policyRef';

/**
 * How many policies keep their deciding form (compileToDecide) at once. A test run over an organization reaches tens
 * of thousands of documents, most (inline policies) for one request each, while the shared ones (SCPs, managed
 * policies, a bucket many principals read) come back request after request and stay. Few, so that a form used once
 * is dropped while still young, which the garbage collector frees at almost no cost: with 4,096 the forms outlived
 * two collections of the young generation and filled the old one (peak RSS 340 MB instead of 310 on the
 * organization bench, and more time in the collector).
 */
const RESIDENTS = 256;

/**
 * The policies whose `deciding` slot is filled, emptied in "second chance" order (the clock algorithm): the oldest
 * one not used since the hand last passed it. A use costs one field write, where a least-recently-used list would
 * move an entry on every policy of every request.
 */
class DecidingForms {
  private readonly residents: CompilablePolicyRef[] = [];
  private hand = 0;

  admit(ref: CompilablePolicyRef, compiled: CompiledPolicy): void {
    ref.deciding = compiled;
    ref.decidedRecently = false;
    if (this.residents.length < RESIDENTS) {
      this.residents.push(ref);
      return;
    }
    for (;;) {
      const resident = this.residents[this.hand] as CompilablePolicyRef;
      if (!resident.decidedRecently) {
        resident.deciding = undefined;
        this.residents[this.hand] = ref;
        this.hand = (this.hand + 1) % RESIDENTS;
        return;
      }
      resident.decidedRecently = false;
      this.hand = (this.hand + 1) % RESIDENTS;
    }
  }
}

export const decidingForms = new DecidingForms();
