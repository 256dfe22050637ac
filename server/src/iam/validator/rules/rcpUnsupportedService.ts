// Resource control policies apply only to the services that support them (Organizations RCP page); an action of
// another service in an RCP is rejected. The list comes from the catalog (`rcpSupportedServices`); the services are
// listed on https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html and the
// syntax on https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html.
import { spanInString } from '../documentUtils';
import type { Rule } from '../rule';

export const rcpUnsupportedService: Rule = {
  id: 'rcpUnsupportedService',
  defaultSeverity: 'error',
  description: 'A resource control policy names an action of a service that does not support RCPs.',
  appliesTo: ['rcp'],
  check(context) {
    const supported = new Set(context.catalog.rcpSupportedServices());
    if (supported.size === 0) return;
    for (const statement of context.document?.statements ?? []) {
      for (const element of [statement.action, statement.notAction]) {
        for (const item of element?.items ?? []) {
          const colon = item.value.indexOf(':');
          if (colon <= 0) continue;
          const service = item.value.slice(0, colon).toLowerCase();
          if (service.includes('*') || service.includes('?') || supported.has(service)) continue;
          context.report(
            spanInString(context.text, item, 0, colon),
            `'${service}' does not support resource control policies, so AWS rejects this RCP. RCPs cover services such as s3, sts, kms, sqs and secretsmanager; control '${service}' with an SCP instead.`,
          );
        }
      }
    }
  },
};
