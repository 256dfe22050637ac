// Where AWS substitutes policy variables: in Resource/NotResource ARNs and in the values of String, ARN and Bool
// conditions (policy variables page). Elsewhere the `${…}` is either rejected or compared as literal text, which is
// never what was meant. The policy variables page says "in the resource part of the ARN", but AWS's own managed
// policies put ${aws:PrincipalAccount} in the account field (AmazonTimestreamInfluxDBServiceRolePolicy), so only the
// partition and service fields (which select what the ARN is) are reported.
// Bool is contradictory in AWS's documentation (docs/evaluation.md, rule 51); we accept variables there because the
// condition-operators page says so and AWS accepts the document.
import type { Located } from '../../parser/policyTree';
import { spanInString } from '../documentUtils';
import { afterColon, findVariables } from '../policyVariables';
import type { Rule, RuleContext } from '../rule';

/** Operator families that do not take variables (Numeric, Date, IP address, Binary and Null operators). */
const NO_VARIABLES = /^(ForAllValues:|ForAnyValue:)?(Numeric|Date|IpAddress|NotIpAddress|Binary|Null)/;

export const policyVariableNotAllowed: Rule = {
  id: 'policyVariableNotAllowed',
  defaultSeverity: 'error',
  awsCode: 'VARIABLE_UNSUPPORTED_IN_ELEMENT',
  description:
    'A ${policy variable} where AWS does not substitute it: in Action, Principal, the partition or service of an ARN, or a Numeric, Date, IP, Binary or Null condition.',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const element of [statement.action, statement.notAction]) {
        for (const item of element?.items ?? []) report(context, item, element?.property.key ?? 'Action');
      }
      for (const element of [statement.principal, statement.notPrincipal]) {
        if (element?.bare) report(context, element.bare, element.property.key);
        for (const entry of element?.entries ?? []) for (const value of entry.values) report(context, value, element?.property.key ?? 'Principal');
      }
      for (const element of [statement.resource, statement.notResource]) {
        for (const item of element?.items ?? []) {
          if (!item.value.includes('${')) continue;
          const regionStart = afterColon(item.value, 3);
          if (regionStart !== undefined) report(context, item, `the partition or service of an ARN in ${element?.property.key ?? 'Resource'}`, regionStart);
        }
      }
      for (const operator of statement.condition?.operators ?? []) {
        if (!NO_VARIABLES.test(operator.operator)) continue;
        for (const key of operator.keys) {
          for (const value of key.values) {
            if (typeof value.value !== 'string' || !value.value.includes('${')) continue;
            report(context, value as Located<string>, `a ${operator.operator} condition`, undefined, 'INVALID_VARIABLE_FOR_OPERATOR');
          }
        }
      }
    }
  },
};

function report(context: RuleContext, located: Located<string>, where: string, before?: number, awsCode?: string): void {
  if (!located.value.includes('${')) return;
  for (const token of findVariables(located.value)) {
    if (token.problem || (before !== undefined && token.start >= before)) continue;
    const span = spanInString(context.text, located, token.start, token.end - token.start);
    const text = located.value.slice(token.start, token.end);
    const advice = awsCode
      ? 'Policy variables work only with String, ARN and Bool operators; use a literal value here.'
      : 'AWS substitutes policy variables only in Resource ARNs (after the service) and in String and ARN condition values.';
    context.report(span, `The policy variable ${text} cannot be used in ${where}. ${advice}`, awsCode ? { awsCode } : {});
  }
}
