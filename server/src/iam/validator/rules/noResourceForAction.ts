// An action none of whose resource types any Resource of the statement can name: `s3:ListBucket` acts on buckets, so
// `"Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"` (objects only) never grants or denies it, and `s3:GetObject`
// with only the bucket ARN is the mirror image. The Service Authorization Reference lists, per action, the resource
// types it is authorized against; a statement applies to a request only when one of its resources matches the
// request's resource (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
// Checked per action as written, so `s3:*` is fine as long as one S3 action fits. Quiet where the catalog cannot
// know: NotResource, `*` among the resources, actions without resource types (wildcardOnlyActionWithResource speaks
// for those), and resource types without ARN formats.
import type { ActionInfo, Catalog } from '../../catalog/types';
import { effectOf } from '../documentUtils';
import type { Rule } from '../rule';
import type { PolicyArn } from '../arn';
import { actsOnSome } from '../resourceReach';
import { actionFacts, catalogNoteOf, formatsOfAction, resourceFacts, statementsOf, withCatalogNote } from '../statementFacts';
import { suggestArn } from '../suggestArn';
import { appendItemFix } from '../textEdits';

/** The resource type each ARN format of these actions belongs to (`bucket` for `arn:${Partition}:s3:::${BucketName}`). */
function resourceTypeNames(actions: readonly ActionInfo[], catalog: Catalog): Map<string, string> {
  const names = new Map<string, string>();
  for (const action of actions) {
    for (const rt of action.resourceTypes) {
      for (const format of catalog.resourceType(action.service, rt.name)?.arnFormats ?? []) if (!names.has(format)) names.set(format, rt.name);
    }
  }
  return names;
}

export const noResourceForAction: Rule = {
  id: 'noResourceForAction',
  defaultSeverity: 'warning',
  description: "An action of the statement acts on none of the statement's resources, so the statement never applies to it.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      if (!statement.resource) continue;
      const resources = resourceFacts(statement, context.catalog).items;
      if (resources.length === 0 || resources.some((r) => r.kind !== 'arn')) continue;
      const arns = resources.map((r) => r.arn).filter((a): a is PolicyArn => a !== undefined);
      const facts = actionFacts(statement, context.catalog);
      if (facts.element !== 'Action') continue;
      const verb = effectOf(statement) === 'Deny' ? 'denies' : 'allows';
      for (const item of facts.items) {
        if (item.kind !== 'action' || item.matches.length === 0) continue;
        const resourceLevel = item.matches.filter((a) => a.resourceTypes.length > 0);
        if (resourceLevel.length === 0 || resourceLevel.some((a) => actsOnSome(a, arns, context.catalog))) continue;
        const formats = [...new Set(resourceLevel.flatMap((a) => formatsOfAction(a, context.catalog)))];
        const suggestion = suggestArn(
          formats,
          arns.map((a) => a.parts),
        );
        // The format the suggestion follows comes first: it is the shape this statement most likely meant. Each shape
        // is named with its resource type, in the same order.
        const shown = suggestion ? [suggestion.format, ...formats.filter((f) => f !== suggestion.format)] : formats;
        const typeOf = resourceTypeNames(resourceLevel, context.catalog);
        const shapes = `${shown
          .slice(0, 2)
          .map((f) => `${typeOf.get(f.format) ?? 'resource'} (${f.format})`)
          .join(' or ')}${shown.length > 2 ? ' or …' : ''}`;
        const fix = suggestion && appendItemFix(`Add '${suggestion.arn}' to Resource`, statement.resource, suggestion.arn, context.text);
        // Where the catalog's entry is known to be incomplete the finding is only information, with the reason.
        const note = catalogNoteOf(resourceLevel);
        context.report(
          item.item.span,
          withCatalogNote(
            `'${item.item.value}' acts on ${shapes} resources, and no Resource of this statement is one, so the statement never ${verb} it.${suggestion ? ` Add '${suggestion.arn}'.` : ''}`,
            note,
          ),
          { ...(fix ? { fixes: [fix] } : {}), ...(note ? { severity: 'info' as const } : {}) },
        );
      }
    }
  },
};
