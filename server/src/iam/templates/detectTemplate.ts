/**
 * Which kind of template a text is, by its content: a `.yaml` file is a CloudFormation template only when it says so
 * (AWSTemplateFormatVersion, a SAM transform, or resources typed `AWS::…`), so the editor and the CLI never claim
 * every YAML or JSON file.
 */
import { get, type TemplateNode } from './templateNode';

export type TemplateKind = 'cloudformation' | 'terraformPlan';

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
