// Every fuzz target, in the order `npm run fuzz` runs them; the regression replay finds targets here by name.
import { evaluatorTarget, modelTarget, parserTarget, validatorTarget, type FuzzTarget } from './targets';
import { lspTarget } from './lspTarget';
import { HOSTILE_TARGETS } from './hostileTargets';

// Method parameters are bivariant, so targets of different input types fit one list of FuzzTarget<unknown>.
export const ALL_TARGETS: readonly FuzzTarget<unknown>[] = [parserTarget, validatorTarget, modelTarget, evaluatorTarget, lspTarget, ...HOSTILE_TARGETS];
