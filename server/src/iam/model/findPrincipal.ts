import { closestNames } from './closestNames';
import type { LoadedModel, ModelPrincipal } from './modelTypes';
import { principalArn } from './principalByName';

/**
 * The principal a user names for a command about one of the model's principals (generate's `--principal`, the
 * editor's picker): its ARN, or its name where the model makes it unique (principalByName.ts); it must be one of
 * the model's users, roles or account roots. Otherwise why not, with the closest names.
 */
export function findPrincipal(model: LoadedModel, given: string): ModelPrincipal | { readonly error: string } {
  const named = principalArn(model, given);
  const found = 'arn' in named ? model.principal(named.arn) : undefined;
  if (found) return found;
  if (given.startsWith('arn:')) {
    const close = closestNames(
      given,
      model.principals().map((p) => p.arn),
      3,
      3,
    );
    return { error: `${given} is not a user, role or account root of the model${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}` };
  }
  // Several principals with that name: principalByName's message lists them.
  if ('error' in named && model.principals().some((p) => p.kind !== 'root' && p.name === given)) return named;
  const close = closestNames(
    given,
    model
      .principals()
      .filter((p) => p.kind !== 'root')
      .map((p) => p.name),
    3,
    2,
  );
  return { error: `no user or role named ${given} in the model${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}` };
}
