// A Resource ARN that fits none of the ARN formats of the resource types that the statement's actions accept:
// `"Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:tabel/Books"`.
// Deliberately forgiving: wildcards and policy variables may stand for anything, a statement that mixes services
// only needs each ARN to fit some action, and the rule stays quiet whenever the catalog cannot know the answer
// (NotAction, `*`, actions it does not list, actions without resource types).
// Severity: a warning when the ARN fits no resource type of its own service at all (a typo such as `tabel/`) or is of
// a service none of the actions belongs to (AWS's troubleshooting page: a bucket ARN beside CloudFront actions), and
// only information when it names a real resource type of the actions' own service that they just do not act on: AWS
// managed policies list such ARNs routinely, and the catalog lags behind AWS, so "grants nothing" is likely but not
// certain. Quiet for resource types that no action of the catalog lists (gaps in the data, like API Gateway V2's
// `/apis`).
import type { Rule } from '../rule';
import { arnFitsFormat, isPatternField } from '../arn';
import { actionFacts, actionFormats, catalogNoteOf, resourceFacts, serviceFormats, statementsOf, withCatalogNote } from '../statementFacts';

export const invalidArnResource: Rule = {
  id: 'invalidArnResource',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_ARN_RESOURCE',
  description: "A resource ARN matches none of the resource types of the statement's actions.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      if (!statement.resource) continue;
      if (!resourceFacts(statement, context.catalog).items.some((r) => r.arn)) continue;
      const facts = actionFacts(statement, context.catalog);
      if (facts.items.some((i) => i.kind !== 'action' || i.matches.length === 0)) continue;
      const formats = actionFormats(statement, context.catalog);
      if (!formats || formats.formats.length === 0) continue;
      const note = catalogNoteOf(facts.actions);
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        if (!arn || formats.formats.some((f) => arnFitsFormat(arn, f))) continue;
        const services = [...new Set(formats.formats.map((f) => f.service))];
        const sameService = formats.formats.filter((f) => f.service === arn.parts.service).map((f) => f.format);
        const examples =
          sameService.length > 0
            ? ` Expected one of: ${sameService.slice(0, 3).join(', ')}${sameService.length > 3 ? ', …' : ''}.`
            : ` The actions take ARNs of ${services.slice(0, 4).join(', ')}.`;
        const own = serviceFormats(resource, context.catalog);
        // A resource type of the actions' own service that the catalog lists for no action at all: the data cannot
        // say which of these actions accept it. (For another service's actions the finding stands.)
        if (sameService.length > 0 && own?.orphans.some((f) => arnFitsFormat(arn, f))) continue;
        const knownType = !own || own.all.some((f) => arnFitsFormat(arn, f));
        if (knownType) {
          // A resource of a service none of the actions belongs to is plainly misplaced (a bucket beside CloudFront
          // actions); one of the actions' own service may be a type the catalog has not linked to them yet.
          const otherService = !services.includes(arn.parts.service) && !isPatternField(arn.parts.service);
          context.report(
            resource.item.span,
            withCatalogNote(
              `No action of this statement acts on '${resource.item.value}': it matches none of the resource types they accept, so it adds nothing.${examples}`,
              note,
            ),
            { severity: otherService && !note ? 'warning' : 'info' },
          );
        } else {
          context.report(
            resource.item.span,
            withCatalogNote(
              `'${resource.item.value}' matches no ARN format the catalog knows for '${arn.parts.service}', so it probably grants nothing: check the resource part (or, for a resource type newer than the catalog, ignore this).${examples}`,
              note,
            ),
            note ? { severity: 'info' } : undefined,
          );
        }
      }
    }
  },
};
