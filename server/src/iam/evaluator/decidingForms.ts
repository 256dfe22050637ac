import type { CompiledPolicy } from './compiledPolicy';
import type { CompilablePolicyRef } from './policyRef';

/**
 * How many policies keep their deciding form (compileToDecide) at first. A test run over an organization reaches tens
 * of thousands of documents, most (inline policies) for one request each, while the shared ones (SCPs, managed
 * policies, a bucket many principals read) come back request after request and stay. Few, so that a form used once
 * is dropped while still young, which the garbage collector frees at almost no cost: with 4,096 the forms outlived
 * two collections of the young generation and filled the old one (peak RSS 340 MB instead of 310 on the
 * organization bench, and more time in the collector), and with 256 a form still lived some eighty requests, long
 * enough to be copied out of the young generation.
 */
const FIRST_RESIDENTS = 16;

/**
 * The most policies that keep it: a form is a few kilobytes. A test file that asks about each principal several
 * times, in turns, comes back to a policy after many others; each policy compiled again after its form was dropped
 * makes room for two more, so the slots grow to what the run keeps coming back to, and only that.
 */
const MAX_RESIDENTS = 16_384;

/**
 * The policies whose `deciding` slot is filled, emptied in "second chance" order (the clock algorithm): the oldest
 * one not used since the hand last passed it. A use costs one field write, where a least-recently-used list would
 * move an entry on every policy of every request.
 */
class DecidingForms {
  private readonly residents: CompilablePolicyRef[] = [];
  private hand = 0;
  private capacity = FIRST_RESIDENTS;

  admit(ref: CompilablePolicyRef, compiled: CompiledPolicy): void {
    ref.deciding = compiled;
    ref.decidedRecently = false;
    if (ref.decidingDropped && this.capacity < MAX_RESIDENTS) this.capacity += 2;
    if (this.residents.length < this.capacity) {
      this.residents.push(ref);
      return;
    }
    for (;;) {
      const resident = this.residents[this.hand] as CompilablePolicyRef;
      if (!resident.decidedRecently) {
        resident.deciding = undefined;
        resident.decidingDropped = true;
        this.residents[this.hand] = ref;
        this.hand = (this.hand + 1) % this.residents.length;
        return;
      }
      resident.decidedRecently = false;
      this.hand = (this.hand + 1) % this.residents.length;
    }
  }
}

export const decidingForms = new DecidingForms();
