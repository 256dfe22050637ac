// `--principal P` for commands about one model principal: its ARN, or its name where the model makes it unique.
import type { LoadedModel, ModelPrincipal } from '../iam/model';
import { closestNames } from '../iam/model';

export function findPrincipal(model: LoadedModel, given: string): ModelPrincipal | { readonly error: string } {
  const byArn = model.principal(given);
  if (byArn) return byArn;
  if (given.startsWith('arn:')) {
    const close = closestNames(given, model.principals().map((p) => p.arn), 3, 3);
    return { error: `${given} is not a user, role or account root of the model${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}` };
  }
  const named = model.principals().filter((p) => p.name === given && p.kind !== 'root');
  if (named.length === 1) return named[0] as ModelPrincipal;
  if (named.length > 1) return { error: `${given} names ${named.length} principals of the model (${named.map((p) => p.arn).join(', ')}): give the ARN` };
  const close = closestNames(given, model.principals().filter((p) => p.kind !== 'root').map((p) => p.name), 3, 2);
  return { error: `no user or role named ${given} in the model${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}` };
}
