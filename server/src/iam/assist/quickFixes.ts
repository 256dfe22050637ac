/**
 * Fixes for findings whose rule did not attach one but whose fix is obvious: a missing or old Version, a name in the
 * wrong letter case (element, action, operator, condition key), and a set qualifier for a multi-valued key used with
 * a plain operator.
 */
import type { Catalog } from '../catalog/types';
import { parseConditionOperator } from '../conditionOperators';
import type { Finding, Fix } from '../findings';
import type { ParsedPolicy } from '../parser/policyTree';
import { DOCUMENT_ELEMENTS, STATEMENT_ELEMENTS } from '../parser/policyTree';
import { spanContains, type Span } from '../span';
import { eolOf } from '../textLayout';

export function extraFixes(parsed: ParsedPolicy, finding: Finding, catalog: Catalog): Fix[] {
  if (finding.fixes !== undefined && finding.fixes.length > 0) return [];
  const fixes: Fix[] = [];
  const version = versionFix(parsed, finding);
  if (version !== undefined) fixes.push(version);
  const casing = caseFix(parsed, finding.span, catalog);
  if (casing !== undefined) fixes.push(casing);
  if (/qualif|multi|ForAnyValue|ForAllValues/i.test(`${finding.code} ${finding.message}`)) {
    fixes.push(...qualifierFixes(parsed, finding.span, catalog));
  }
  return fixes;
}

function versionFix(parsed: ParsedPolicy, finding: Finding): Fix | undefined {
  const document = parsed.document;
  if (document === undefined) return undefined;
  const aboutVersion = finding.awsCode === 'MISSING_VERSION' || /version/i.test(finding.code);
  if (!aboutVersion) return undefined;
  const version = document.version;
  if (version === undefined) {
    const open = document.span.offset + 1;
    const empty = document.properties.length === 0;
    const lineStart = parsed.text.lastIndexOf('\n', document.properties[0]?.keySpan.offset ?? open) + 1;
    const indent = empty ? '' : (/^[ \t]*/.exec(parsed.text.slice(lineStart))?.[0] ?? '');
    const multiline = parsed.text.slice(open, document.properties[0]?.keySpan.offset ?? open).includes('\n');
    const newText = empty ? '"Version": "2012-10-17"' : multiline ? `${eolOf(parsed.text)}${indent}"Version": "2012-10-17",` : '"Version": "2012-10-17", ';
    return { title: 'Add "Version": "2012-10-17"', edits: [{ span: { offset: open, length: 0 }, newText }], preferred: true };
  }
  if (version.value !== '2012-10-17') {
    return { title: 'Set Version to 2012-10-17', edits: [{ span: version.span, newText: '"2012-10-17"' }], preferred: true };
  }
  return undefined;
}

/** The string the span covers (quotes included or not), with its span without quotes. */
function stringAt(text: string, span: Span): { value: string; span: Span } | undefined {
  let start = span.offset;
  let end = span.offset + span.length;
  if (text.charAt(start) === '"' && text.charAt(end - 1) === '"' && end - start >= 2) {
    start++;
    end--;
  }
  const value = text.slice(start, end);
  if (value.length === 0 || /["\n]/.test(value)) return undefined;
  return { value, span: { offset: start, length: end - start } };
}

function caseFix(parsed: ParsedPolicy, span: Span, catalog: Catalog): Fix | undefined {
  const found = stringAt(parsed.text, span);
  if (found === undefined) return undefined;
  const { value } = found;
  const lower = value.toLowerCase();
  const candidates: string[] = [];
  for (const name of [...STATEMENT_ELEMENTS, ...DOCUMENT_ELEMENTS]) if (name.toLowerCase() === lower) candidates.push(name);
  if (/^[a-z0-9-]+:[A-Za-z0-9]+$/i.test(value)) {
    const action = catalog.actionsMatching(value)[0];
    if (action !== undefined) candidates.push(`${action.service}:${action.name}`);
  }
  const operator = parseConditionOperator(value);
  if (operator !== undefined) candidates.push(operator.canonical);
  const key = catalog.conditionKey(value);
  if (key !== undefined && !key.key.includes('${')) candidates.push(key.key);
  if (value === 'allow' || value === 'ALLOW') candidates.push('Allow');
  if (value === 'deny' || value === 'DENY') candidates.push('Deny');
  const canonical = candidates.find((c) => c !== value && c.toLowerCase() === lower);
  if (canonical === undefined) return undefined;
  return { title: `Change to '${canonical}'`, edits: [{ span: found.span, newText: canonical }], preferred: true };
}

function qualifierFixes(parsed: ParsedPolicy, span: Span, catalog: Catalog): Fix[] {
  for (const statement of parsed.document?.statements ?? []) {
    for (const operator of statement.condition?.operators ?? []) {
      if (!spanContains(operator.property.span, span.offset)) continue;
      const parsedOperator = parseConditionOperator(operator.operator);
      if (parsedOperator === undefined || parsedOperator.qualifier !== undefined || parsedOperator.base.category === 'null') return [];
      const multi = operator.keys.some((k) => catalog.conditionKey(k.key)?.multiValued === true);
      if (!multi) return [];
      const at = { offset: operator.operatorSpan.offset + (parsed.text.charAt(operator.operatorSpan.offset) === '"' ? 1 : 0), length: 0 };
      return [
        { title: `Use ForAnyValue:${operator.operator} (any request value matches)`, edits: [{ span: at, newText: 'ForAnyValue:' }], preferred: true },
        { title: `Use ForAllValues:${operator.operator} (every request value matches)`, edits: [{ span: at, newText: 'ForAllValues:' }] },
      ];
    }
  }
  return [];
}
