import type { CompiledPolicy } from './compiledPolicy';
import type { CompilablePolicyRef } from './policyRef';

/**
 * How many policies keep their deciding form (compileToDecide) at once. A test run over an organization reaches tens
 * of thousands of documents, most (inline policies) for one request each; the shared ones (SCPs, managed policies,
 * a bucket many principals read) are used again and again and stay. A few thousand compiled forms are a few
 * megabytes.
 */
const RESIDENTS = 4096;

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
