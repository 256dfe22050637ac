export { parsePolicy, describeSyntaxError, MAX_NESTING_DEPTH } from './parsePolicy';
export { maxNestingDepth, nestingBeyond } from './nesting';
export { propertiesOf, spanOf } from './buildDocument';
export type * from './policyTree';
export { StatementOutliner, type StatementOutline, type OutlinedStatement } from './statementOutline';
