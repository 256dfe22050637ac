// Service principals are DNS names of AWS services (`lambda.amazonaws.com`, `logs.eu-west-1.amazonaws.com`,
// `alexa-appkit.amazon.com`, `*.amazonaws.com.cn` in China), never ARNs, never upper case. A service the catalog
// knows written under amazon.com (`batch.amazon.com`) is a typo: a warning, as the shape is one AWS accepts.
import { principalValues } from '../principals';
import type { Rule } from '../rule';

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.(amazonaws\.com(\.cn)?|amazon\.com|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;

export const invalidServicePrincipal: Rule = {
  id: 'invalidServicePrincipal',
  defaultSeverity: 'error',
  awsCode: 'INVALID_SERVICE_PRINCIPAL_FORMAT',
  description: 'A Service principal that is not a service DNS name such as lambda.amazonaws.com.',
  appliesTo: ['resource', 'trust', 'rcp', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const { type, value } of principalValues(statement)) {
        if (type !== 'Service' || value.value === '*' || value.value.includes('*')) continue;
        if (SERVICE_PRINCIPAL.test(value.value)) {
          // `batch.amazon.com` has the shape of the few amazon.com principals (Alexa's), but names a service whose
          // principal is under amazonaws.com: a typo that trusts no one.
          const service = /^([a-z0-9-]+)\.amazon\.com$/.exec(value.value)?.[1];
          if (service !== undefined && context.catalog.service(service) !== undefined) {
            const meant = `${service}.amazonaws.com`;
            context.report(
              value.span,
              `'${value.value}' is not the principal of ${service}: AWS services are principals under amazonaws.com; did you mean "${meant}"?`,
              {
                severity: 'warning',
                fixes: [{ title: `Change to "${meant}"`, preferred: true, edits: [{ span: value.span, newText: JSON.stringify(meant) }] }],
              },
            );
          }
          continue;
        }
        const v = value.value;
        const lower = v.toLowerCase();
        const suggestion = SERVICE_PRINCIPAL.test(lower) ? lower : !v.includes('.') && /^[a-z0-9-]+$/i.test(v) ? `${lower}.amazonaws.com` : undefined;
        context.report(
          value.span,
          `'${v}' is not a service principal. Use the service's DNS name, e.g. "lambda.amazonaws.com"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          suggestion
            ? { fixes: [{ title: `Change to "${suggestion}"`, preferred: true, edits: [{ span: value.span, newText: JSON.stringify(suggestion) }] }] }
            : {},
        );
      }
    }
  },
};
