import { evaluate, type EvaluationOptions } from '../evaluator';
import type { ContextValue, Decision, EvaluationModel, EvaluationRequest } from '../evaluator';
import type { FileEdit } from '../explain';
import { applyEdits, editsByFile, loadModel, withEditedDocuments, type ModelHost, type TemplateDeployment } from '../model';

/** Evaluates the same request again with one change applied: the only judge of whether a fix is one. */
export interface DecisionProbe {
  withContext(context: Readonly<Record<string, ContextValue>>): Decision;
  /**
   * Undefined when the change cannot be tried (a file that cannot be read). With `context`, the request also carries
   * those values (two changes judged together, see pairedFix.ts).
   */
  withEdits(edits: readonly FileEdit[], context?: Readonly<Record<string, ContextValue>>): Decision | undefined;
}

/**
 * A probe over a model loaded from `modelPath` through `host`. A context change evaluates the loaded model again; so
 * does an edit, on the loaded model and the request's session policies with the edited documents swapped in, when
 * `withEditedDocuments` can say that is what the edited files load into. Otherwise the model is loaded again through a
 * host that serves the edited texts, so that the edit is judged exactly as the loader would judge the saved file.
 */
export function modelProbe(modelPath: string, host: ModelHost, model: EvaluationModel, request: EvaluationRequest, options: EvaluationOptions): DecisionProbe {
  return {
    withContext(context) {
      return evaluate(model, { ...request, context: withValues(request.context, context) }, options).decision;
    },
    withEdits(edits, context = {}) {
      const edited = withEditedDocuments(model, edits);
      const asked = Object.keys(context).length === 0 ? request : { ...request, context: withValues(request.context, context) };
      const editedRequest = edited.request(asked);
      const decision = evaluate(edited.model, editedRequest, options).decision;
      return edited.answersAsReloaded() ? decision : reloadedDecision(modelPath, host, edits, editedRequest, options);
    },
  };
}

/**
 * The decision on the model loaded again from its files with `edits` applied (the request's own policies come edited);
 * undefined when one cannot be read.
 */
function reloadedDecision(
  modelPath: string,
  host: ModelHost,
  edits: readonly FileEdit[],
  request: EvaluationRequest,
  options: EvaluationOptions,
): Decision | undefined {
  const byFile = editsByFile(edits);
  let unreadable = false;
  const withEdits = (path: string, text: string | { readonly error: string }) => {
    const mine = byFile.get(path);
    if (!mine) return text;
    if (typeof text !== 'string') {
      unreadable = true;
      return text;
    }
    return applyEdits(text, mine);
  };
  const readTemplateModel = host.readTemplateModel?.bind(host);
  const editedHost: ModelHost = {
    readFile: (path) => withEdits(path, host.readFile(path)),
    resolve: (from, relative) => host.resolve(from, relative),
    ...(host.managedPolicies ? { managedPolicies: host.managedPolicies } : {}),
    // A model that includes templates reads each as the model built from it; a fix's edits are in that built
    // text's terms (they are mapped back to the template only to be shown), so they apply to it here too.
    ...(readTemplateModel ? { readTemplateModel: (path: string, deployment: TemplateDeployment) => withEdits(path, readTemplateModel(path, deployment)) } : {}),
  };
  // One request is asked of the edited model, and its diagnostics are not read: a large one is read account by
  // account, as `simulate` reads it.
  const reloaded = loadModel(modelPath, editedHost, { accountsOnDemand: true }).model;
  if (unreadable) return undefined;
  return evaluate(reloaded, request, options).decision;
}

/**
 * The request's context with `changes` set: a key the request gives in another letter case (`aws:requestedregion`)
 * is replaced too, as key names are case-insensitive and the first spelling of a key would otherwise win.
 */
function withValues(
  context: Readonly<Record<string, ContextValue>> | undefined,
  changes: Readonly<Record<string, ContextValue>>,
): Record<string, ContextValue> {
  const changed = new Set(Object.keys(changes).map((key) => key.toLowerCase()));
  const kept = Object.entries(context ?? {}).filter(([key]) => !changed.has(key.toLowerCase()));
  return { ...Object.fromEntries(kept), ...changes };
}
