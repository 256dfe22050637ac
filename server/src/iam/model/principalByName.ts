/**
 * A principal given by name (`app-reader`) instead of ARN: accepted where the model makes it unique, which is what a
 * template-built model invites (its account id is an assumption, its role names are what the template says).
 */
import type { LoadedModel } from './modelTypes';

export type PrincipalName = { readonly arn: string } | { readonly error: string };

/** The ARN for a principal written as an ARN (unchanged) or as the name of exactly one user or role of the model. */
export function principalArn(model: LoadedModel, value: string): PrincipalName {
  if (value.startsWith('arn:') || value === '*') return { arn: value };
  const matches = model.principals().filter((principal) => principal.kind !== 'root' && principal.name === value);
  if (matches.length === 1) return { arn: (matches[0] as { arn: string }).arn };
  // A service principal (`ec2.amazonaws.com`) or anything else that is not a bare name goes on as written.
  if (matches.length === 0 && /[.:/]/.test(value)) return { arn: value };
  if (matches.length === 0) return { error: `no user or role of the model is named '${value}'; give its name or ARN` };
  return { error: `'${value}' names ${matches.length} principals (${matches.map((m) => m.arn).join(', ')}); give the ARN` };
}
