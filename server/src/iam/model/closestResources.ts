import { parseArn } from '../arn';
import { closestNames } from './closestNames';
import type { LoadedModel, ModelResource } from './modelTypes';

/**
 * The resources of the model closest to one a request names that the model does not list, as a sentence, or undefined:
 * a resource the model leaves out is one with no policy of its own here, which is often meant (a bucket with no
 * bucket policy), so it is said only when a resource the model lists is a few edits away (`acme-prod-dat` for
 * `acme-prod-data`): then it is a typo, mostly, and the answer is about a resource nobody meant. A bucket (an object by
 * its bucket) is compared with the model's buckets, a role or user with its account's. An object of a bucket the
 * model lists costs two lookups; the buckets are listed, and a missing one compared with them, once (`bucketsOf`).
 */
export function closestResources(model: LoadedModel, resource: string, among: ResourcesAmong = 'every'): string | undefined {
  if (model.resource(resource) !== undefined) return undefined;
  const arn = parseArn(resource);
  if (arn === undefined) return undefined;
  // A role asked to be assumed (or a user) is one of the model's principals: compared by name within its account and
  // kind, as a path written otherwise is no typo of the name.
  const kind = /^(role|user)\//.exec(arn.resource)?.[1];
  if (arn.service === 'iam' && kind !== undefined) {
    if (model.principal(resource) !== undefined) return undefined;
    const same = (model.outlines?.() ?? model.principals()).filter((p) => p.kind === kind && p.accountId === arn.account);
    const names = closestNames(
      arn.resource.slice(arn.resource.lastIndexOf('/') + 1),
      same.map((p) => p.name),
    );
    const arns = same.filter((p) => names.includes(p.name)).map((p) => p.arn);
    return arns.length > 0 ? `${resource} is not in the model. Did you mean ${arns.join(' or ')}?` : undefined;
  }
  // A bucket by its name among the model's buckets: other resources differ by a Region, a version or a qualifier as
  // often as by a typo, and are not guessed at.
  if (arn.service !== 's3' || arn.account !== '') return undefined;
  const name = arn.resource.split('/')[0] ?? '';
  if (model.resource(`arn:${arn.partition}:s3:::${name}`) !== undefined) return undefined;
  const known = bucketsOf(among === 'every' ? model.resources() : (model.resourcesRead?.() ?? model.resources()), arn.partition);
  if (!known.answers.has(name)) {
    // A name a few edits from another in proportion to its length (one in five): `acme-prod-dat`, not `data-us` for `data-eu`.
    const close = closestNames(name, known.buckets.keys(), 3, Math.max(1, Math.floor(name.length / 5))).map((near) => known.buckets.get(near) as string);
    known.answers.set(name, close.length > 0 ? `arn:${arn.partition}:s3:::${name} is not in the model. Did you mean ${close.join(' or ')}?` : undefined);
  }
  return known.answers.get(name);
}

/**
 * Which buckets a misspelt one is compared with: every one of the model, or (`read`) those of the accounts a model read
 * account by account has read so far, which a request's answer must not read more of.
 */
export type ResourcesAmong = 'every' | 'read';

/** A list of resources' buckets in one partition, by name (their ARNs), and the answers given for names it lacks. */
interface KnownBuckets {
  readonly buckets: ReadonlyMap<string, string>;
  readonly answers: Map<string, string | undefined>;
}

/**
 * Kept by the list of resources it was made from: a model hands out the same list until it reads more accounts, so a
 * test file's requests list the buckets once, and ask about a missing one once, however many name it.
 */
const KNOWN = new WeakMap<readonly ModelResource[], Map<string, KnownBuckets>>();

function bucketsOf(resources: readonly ModelResource[], partition: string): KnownBuckets {
  let byPartition = KNOWN.get(resources);
  if (byPartition === undefined) KNOWN.set(resources, (byPartition = new Map()));
  let known = byPartition.get(partition);
  if (known === undefined) {
    const buckets = new Map<string, string>();
    for (const r of resources) {
      const other = parseArn(r.arn);
      if (other?.service === 's3' && other.partition === partition && !other.resource.includes('/')) buckets.set(other.resource, r.arn);
    }
    byPartition.set(partition, (known = { buckets, answers: new Map() }));
  }
  return known;
}
