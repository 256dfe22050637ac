/**
 * Principals that a role's trust policy or a resource's policy, written in a model file or in a policy file the model
 * names, names in an account of the model that the model does not have. IAM refuses a policy naming a user or role that
 * does not exist ("Invalid principal in policy"), and one deleted later leaves its policies naming an id no caller has:
 * in a model, such a name is a typo (`role/DevOp` for `role/DevOps`, a path left out), or a principal the model has not
 * caught up with. Either way `who-can` lists no one for it and `simulate` denies the principal meant, so `check` and
 * the editor say so where the name is, with the principal meant.
 *
 * Bounded by the model's trust and resource policies: the principals of the model are indexed once, only when one of
 * them names a user or role by ARN, and a name is suggested from those of its account and kind alone. Quiet where the
 * model cannot know: an account it lists no user or role of (described by name only), a role AWS creates
 * (`aws-service-role/`, `aws-reserved/`), and a model built from templates, whose roles without a name of their own are
 * named by a guess until deployed.
 */
import { arnComponents, iamUserOrRole, type IamUserOrRole } from '../arn';
import { capitalise } from '../explain';
import type { Located, ParsedPolicy } from '../parser';
import { closestMatches } from '../catalog';
import type { LoadedModel, ModelDiagnostic } from '../model';
import type { PolicyRef } from '../evaluator';
import type { EmbeddedPolicy } from './embeddedPolicies';

/** IAM paths of roles that AWS creates and manages: a model written by hand seldom lists them. */
const AWS_CREATED = /^role\/(aws-service-role|aws-reserved)\//;

/** A user or role a policy names by ARN: where (the file, and the policy's offset in it), and in which policy. */
interface NamedPrincipal {
  readonly value: Located<string>;
  readonly principal: IamUserOrRole;
  readonly file: string;
  readonly offset: number;
  readonly holder: string;
}

/**
 * The diagnostics for the policies written in a model file, each at the name in that file, gathered policy by policy
 * as the caller reads them: `check` and the editor parse each policy once, for its validation and for this, and only
 * the names found are kept (a model of 30,000 policies kept as parses would not fit in memory).
 */
export class PrincipalsTheModelLacks {
  private readonly named: NamedPrincipal[] = [];
  private readonly quiet: boolean;

  constructor(
    private readonly model: LoadedModel,
    private readonly file: string,
    builtFromTemplates: { has(file: string): boolean },
  ) {
    this.quiet = [file, ...model.files()].some((each) => builtFromTemplates.has(each));
  }

  /**
   * Whether `read` needs this policy, whose text is `text`: a trust or resource policy written out, naming a user or
   * role by ARN (most name none: services, accounts, `*`), in a model not built from templates.
   */
  wants(policy: EmbeddedPolicy, text: string): boolean {
    return !this.quiet && (policy.type === 'trust' || policy.type === 'resource') && policy.encoded === undefined && namesUserOrRole(text);
  }

  read(policy: EmbeddedPolicy, parsed: ParsedPolicy): void {
    this.named.push(...namedIn(parsed, { file: this.file, offset: policy.span.offset, holder: policy.label }));
  }

  diagnostics(): ModelDiagnostic[] {
    return lacking(this.model, this.named);
  }
}

/**
 * The same for the trust and resource policies the model reads from policy files of their own, each at the name in
 * its file (once for a file that several roles share). `check` reports them with the rest of that file's findings.
 */
export function principalsPolicyFilesLack(model: LoadedModel, builtFromTemplates: { has(file: string): boolean }): ModelDiagnostic[] {
  if (model.files().some((file) => builtFromTemplates.has(file))) return [];
  const named: NamedPrincipal[] = [];
  const seen = new Set<string>();
  const read = (ref: PolicyRef | undefined, holder: string): void => {
    const file = ref?.source.file;
    // A span means the document sits inside the model file: `PrincipalsTheModelLacks` reads those.
    if (ref === undefined || file === undefined || ref.source.span !== undefined || seen.has(file)) return;
    seen.add(file);
    if (namesUserOrRole(ref.parsed.text)) named.push(...namedIn(ref.parsed, { file, offset: 0, holder }));
  };
  for (const principal of model.principals()) if (principal.kind === 'role') read(principal.trustPolicy, `trust policy of role ${principal.name}`);
  for (const resource of model.resources()) read(resource.policy, `resource policy of ${resource.arn}`);
  return lacking(model, named);
}

function namesUserOrRole(text: string): boolean {
  return text.includes(':user/') || text.includes(':role/');
}

/** The users and roles a policy's Principal and NotPrincipal elements name by ARN. */
function namedIn(parsed: ParsedPolicy, at: { readonly file: string; readonly offset: number; readonly holder: string }): NamedPrincipal[] {
  const named: NamedPrincipal[] = [];
  for (const statement of parsed.document?.statements ?? []) {
    for (const entry of [...(statement.principal?.entries ?? []), ...(statement.notPrincipal?.entries ?? [])]) {
      if (entry.type !== 'AWS') continue;
      for (const value of entry.values) {
        // A policy variable is no principal's name (AWS allows none in a Principal): nothing to look up.
        const principal = value.value.includes('${') ? undefined : iamUserOrRole(value.value);
        if (principal !== undefined) named.push({ value, principal, ...at });
      }
    }
  }
  return named;
}

/** A diagnostic for each name the model has no principal of (or has with another path or case). */
function lacking(model: LoadedModel, named: readonly NamedPrincipal[]): ModelDiagnostic[] {
  if (named.length === 0) return [];
  const index = principalIndex(model);
  const diagnostics: ModelDiagnostic[] = [];
  for (const { value, principal, file, offset, holder } of named) {
    const { partition, account, kind, path, name } = principal;
    const names = index.get(`${partition}:${account}:${kind}`);
    // An account the model lists no user or role of (described by name only) is not one it describes in full.
    if (names === undefined && !index.has(`${partition}:${account}:${kind === 'user' ? 'role' : 'user'}`)) continue;
    if (AWS_CREATED.test(`${kind}${path}`)) continue;
    const arns = names?.get(name.toLowerCase()) ?? [];
    if (arns.includes(value.value)) continue;
    const what = `${capitalise(holder)} names ${value.value}`;
    const meant = arns.length > 0 ? [] : closestMatches(name, names?.keys() ?? [], 2).flatMap((close) => names?.get(close) ?? []);
    // The one principal meant, when there is one: the editor offers to write it in.
    const meantOne = arns.length === 1 ? arns[0] : arns.length === 0 && meant.length === 1 ? meant[0] : undefined;
    diagnostics.push({
      file,
      span: { offset: offset + value.span.offset, length: value.span.length },
      severity: 'warning',
      code: 'unknownPolicyPrincipal',
      ...(meantOne !== undefined ? { replacement: JSON.stringify(meantOne) } : {}),
      message:
        arns.length > 0
          ? `${what}, but the model's ${kind} of that name is ${arns.join(' or ')} (another path or case): a policy names a ${kind} by its ARN exactly, path and all, so this one lets in nothing the model has.`
          : `${what}, a ${kind} account ${account} does not have in the model: IAM refuses a policy naming a principal that does not exist, so it is a typo or the model is behind.${meant.length > 0 ? ` Did you mean ${meant.join(' or ')}?` : ''}`,
    });
  }
  return diagnostics;
}

/**
 * The model's users and roles by partition, account and kind (`aws:111122223333:role`), then by name in lower case
 * (IAM names are unique whatever their case), each to the ARNs with that name (one, but for a model that repeats it).
 */
function principalIndex(model: LoadedModel): Map<string, Map<string, string[]>> {
  const index = new Map<string, Map<string, string[]>>();
  for (const principal of model.outlines?.() ?? model.principals()) {
    if (principal.kind !== 'user' && principal.kind !== 'role') continue;
    const partition = arnComponents(principal.arn)[1];
    const key = `${partition}:${principal.accountId}:${principal.kind}`;
    let names = index.get(key);
    if (names === undefined) index.set(key, (names = new Map()));
    const name = principal.name.toLowerCase();
    names.set(name, [...(names.get(name) ?? []), principal.arn]);
  }
  return index;
}
