import type { Catalog } from '../catalog/types';
import type { Explanation } from '../explain';
import { policyLookup, type LoadedModel, type ModelHost } from '../model';
import { explanationWithFixes, verifiedFixes } from '../simulate';
import type { DenialExplanation } from './explainDenial';

/** Where a denial was explained: the model, the file and host it was loaded from (a fix that edits a file is judged by them). */
export interface DenialModel {
  readonly model: LoadedModel;
  readonly modelPath: string;
  readonly host: ModelHost;
  readonly catalog: Catalog;
}

/**
 * A denial's explanation with what would change it, each fix checked as `simulate` checks it (the request asked again
 * with that change alone): the command line's `explain` and the editor's explain the same. An allow has none to find.
 */
export function withDenialFixes(answer: DenialExplanation, at: DenialModel, time?: Date): Explanation {
  if (answer.result.decision === 'allowed') return answer.explanation;
  const fixes = verifiedFixes(answer.result, {
    model: at.model,
    modelPath: at.modelPath,
    host: at.host,
    request: answer.request,
    options: { catalog: at.catalog, ...(time ? { now: time } : {}) },
    policyOf: policyLookup(at.model),
  });
  return explanationWithFixes(answer.explanation, fixes);
}
