// `--resource` of simulate and who-can: AWS authorizes a request on a resource's ARN (or on `*`, for actions that act on
// no resource), so anything else is refused before an answer is made about a request that cannot be sent.
import type { Catalog } from '../iam/catalog';
import { requestProblems } from '../iam/evaluator';

/** Why the resource cannot be a request's, with the ARN meant when it can be told (an S3 `bucket/key`); or undefined. */
export function resourceArgumentError(catalog: Catalog, action: string, resource: string): string | undefined {
  const problem = requestProblems(catalog, action, resource, undefined).find((p) => p.code === 'invalidResource');
  if (problem === undefined) return undefined;
  const bucketKey = action.toLowerCase().startsWith('s3:') && !resource.includes(':') ? ` Did you mean arn:aws:s3:::${resource}?` : '';
  return `--resource ${resource}: ${problem.message}${bucketKey}`;
}
