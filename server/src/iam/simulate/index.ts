/** Use cases over the core, each written once for every face: simulate one request (decision, explanation, verified fixes), who-can, the request of a policy test, run a test file. */
export { simulateRequest, verifiedFixes, type FixInput, type SimulateInput, type Simulation } from './simulateRequest';
export { counterfactualFixes } from './counterfactuals';
export { modelProbe, type DecisionProbe } from './decisionProbe';
export type { PolicyOf } from './candidate';
export { namesOthersWhoCan, whoCan, type WhoCanAnswer, type WhoCanOptions, type WhoCanOutcome, type WhoCanRequest } from './whoCan';
export { requestOfTest } from './testRequest';
export { runTestFile, type TestFileRun, type TestInvalid, type TestOutcome, type TestRan, type TestRunInput } from './runTestFile';
export { explanationWithFixes } from './explanationWithFixes';
