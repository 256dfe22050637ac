/**
 * Shrinks a failing input so that its regression case is small enough to read: repeatedly cuts chunks out of its
 * longest text (halves, then quarters, … down to single characters) and keeps every cut after which the target still
 * fails the same way (same first line of the error, or still slow). Inputs without a text field are returned as is.
 */
import type { FuzzCorpus, FuzzTarget } from './targets';

export type FailureCheck = (error: string | undefined, ms: number) => boolean;

async function attempt(target: FuzzTarget<unknown>, input: unknown, corpus: FuzzCorpus): Promise<{ error: string | undefined; ms: number }> {
  const started = performance.now();
  try {
    await target.run(input, corpus);
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), ms: performance.now() - started };
  }
}

/** Where the input keeps its text: `text` (parser, validator, lsp) or the model file (model, evaluator). */
function textSlot(input: unknown): { get(): string; set(value: string): unknown } | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const record = input as Record<string, unknown>;
  if (typeof record['text'] === 'string') {
    return { get: () => record['text'] as string, set: (text) => ({ ...record, text }) };
  }
  const files = record['files'] as Record<string, string> | undefined;
  const main = record['main'];
  if (files && typeof main === 'string' && typeof files[main] === 'string') {
    return { get: () => files[main] as string, set: (text) => ({ ...record, files: { ...files, [main]: text } }) };
  }
  return undefined;
}

/** The smallest input found within `budgetMs` that still fails as `stillFails` says. */
export async function minimize(target: FuzzTarget<unknown>, input: unknown, corpus: FuzzCorpus, stillFails: FailureCheck, budgetMs = 30_000): Promise<unknown> {
  const deadline = performance.now() + budgetMs;
  let best = input;
  let slot = textSlot(best);
  if (!slot) return input;
  let chunk = Math.max(1, Math.floor(slot.get().length / 2));
  while (chunk >= 1 && performance.now() < deadline) {
    let progressed = false;
    for (let start = 0; slot && start < slot.get().length && performance.now() < deadline;) {
      const text = slot.get();
      const candidate = slot.set(text.slice(0, start) + text.slice(start + chunk));
      const result = await attempt(target, candidate, corpus);
      if (stillFails(result.error, result.ms)) {
        best = candidate;
        slot = textSlot(best);
        progressed = true;
      } else {
        start += chunk;
      }
    }
    if (!progressed) chunk = Math.floor(chunk / 2);
  }
  return best;
}
