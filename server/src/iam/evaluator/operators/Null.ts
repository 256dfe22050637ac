/**
 * `Null` (rule 46): not a comparison but a presence test. `"true"` holds when the key is absent from the request (or
 * is a multi-valued key with no values — the docs' "null"); `"false"` when it is present with a value. Several
 * policy values are ORed like any other operator's. No policy variables, no `IfExists`.
 */
export type NullTest = (present: boolean) => boolean;

export function compileNull(policyValue: string): NullTest | { readonly error: string } {
  const v = policyValue.trim().toLowerCase();
  if (v === 'true') return (present) => !present;
  if (v === 'false') return (present) => present;
  return { error: `"${policyValue}" is not true or false (Null takes "true" for absent, "false" for present)` };
}
