/**
 * Which kind of template a text is, by its content: a `.yaml` file is a CloudFormation template only when it says so
 * (AWSTemplateFormatVersion, a SAM transform, or resources typed `AWS::…`), so the editor and the CLI never claim
 * every YAML or JSON file.
 */
import { get, type TemplateNode } from './templateNode';

export type TemplateKind = 'cloudformation' | 'terraformPlan';

/** A cheap look at the text, before any parse: can it be a template at all? */
export function mayBeTemplateText(text: string): boolean {
  if (NOT_TEMPLATE_FIRST_KEYS.has(firstKeyOf(text) ?? '')) return false;
  return TEMPLATE_PATTERN.test(text);
}

const TEMPLATE_PATTERN =
  /AWSTemplateFormatVersion|["']?Type["']?\s*:\s*["']?AWS::|Transform["']?\s*:\s*["']?AWS::Serverless|"(planned_values|resource_changes)"\s*:/;

/**
 * First keys that only a model or an authorization-details export opens with: such a text is read as what it says it
 * is, and the pattern is not tried over all of it (a 12 MB model took tens of milliseconds on every read). `$schema`
 * and `description` are not among them: a hand-written template may open with either.
 */
const NOT_TEMPLATE_FIRST_KEYS = new Set(['accounts', 'organization', 'UserDetailList', 'GroupDetailList', 'RoleDetailList']);

/** The first key of a JSON object text, when it is written plainly (no escape); undefined otherwise. */
function firstKeyOf(text: string): string | undefined {
  let at = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text.charCodeAt(at) !== 0x7b) return undefined;
  at = skipSpace(text, at + 1);
  if (text.charCodeAt(at) !== 0x22) return undefined;
  const close = text.indexOf('"', at + 1);
  if (close < 0 || close - at > 64) return undefined;
  const key = text.slice(at + 1, close);
  return key.includes('\\') ? undefined : key;
}

function skipSpace(text: string, from: number): number {
  let at = from;
  for (let c = text.charCodeAt(at); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++at));
  return at;
}

export function templateKindOf(root: TemplateNode | undefined): TemplateKind | undefined {
  if (root?.kind !== 'map') return undefined;
  if (get(root, 'AWSTemplateFormatVersion') !== undefined) return 'cloudformation';
  const resources = get(root, 'Resources');
  if (
    resources?.kind === 'map' &&
    resources.entries.some((entry) => {
      const type = get(entry.value, 'Type');
      return type?.kind === 'string' && /^(AWS|Alexa|Custom)::/.test(type.value);
    })
  )
    return 'cloudformation';
  const transform = get(root, 'Transform');
  if (transform?.kind === 'string' && transform.value.startsWith('AWS::Serverless')) return 'cloudformation';
  if (get(root, 'format_version') !== undefined && (get(root, 'planned_values') !== undefined || get(root, 'resource_changes') !== undefined))
    return 'terraformPlan';
  return undefined;
}
