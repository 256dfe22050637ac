export { parsePolicy, MAX_NESTING_DEPTH } from './parsePolicy';
export { propertiesOf, spanOf } from './buildDocument';
export type * from './policyTree';
