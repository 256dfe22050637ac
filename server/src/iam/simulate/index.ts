/** Use cases over the core: simulate one request (decision, explanation, verified fixes). */
export { simulateRequest, type SimulateInput, type Simulation } from './simulateRequest';
export { counterfactualFixes } from './counterfactuals';
export { modelProbe, applyEdits, type DecisionProbe } from './decisionProbe';
export type { PolicyOf } from './fixCandidates';
