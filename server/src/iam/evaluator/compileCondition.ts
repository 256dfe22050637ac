import { parseConditionOperator } from '../conditionOperators';
import type { ConditionElement } from '../parser/policyTree';
import type { Span } from '../span';
import type { CompiledCondition, CompiledConditionValue } from './compiledPolicy';
import { operatorFamily } from './operators';
import { compileNull } from './operators/Null';
import { isValueError, type ValueTest } from './operators/types';
import { parseTemplate } from './variables';

/**
 * Compiles a Condition element: one entry per operator/key pair, each value pre-parsed into a test (numbers, dates,
 * CIDRs, base-64, wildcard patterns). Values with policy variables keep a template and are compiled per request.
 * Unknown operators, miscased operators (AWS rejects them) and values of the wrong type fail the statement.
 */
export function compileConditions(element: ConditionElement, variables: boolean, fail: (message: string, span?: Span) => void): CompiledCondition[] {
  const out: CompiledCondition[] = [];
  if (element.malformed) fail('its Condition is not an object', element.property.span);
  for (const op of element.operators) {
    const parsed = parseConditionOperator(op.operator);
    if (!parsed) {
      fail(`"${op.operator}" is not a condition operator`, op.operatorSpan);
      continue;
    }
    if (!parsed.exactCase) {
      fail(`condition operator "${op.operator}" must be written "${parsed.canonical}"`, op.operatorSpan);
      continue;
    }
    if (!parsed.valid) {
      fail(`"${op.operator}" is not a valid operator (Null takes no IfExists)`, op.operatorSpan);
      continue;
    }
    if (op.malformed) fail(`the value of ${op.operator} is not an object`, op.property.span);
    const family = operatorFamily(parsed.base);
    for (const keyNode of op.keys) {
      for (const bad of keyNode.invalidValues) fail(`a value of ${keyNode.key} is not a string, number or boolean`, { offset: bad.offset, length: bad.length });
      const values: CompiledConditionValue[] = [];
      for (const located of keyNode.values) {
        const raw = String(located.value);
        const base = { value: raw, span: located.span };
        if (!family) {
          const nullTest = compileNull(raw);
          if ('error' in nullTest) fail(nullTest.error, located.span);
          else values.push({ ...base, nullTest });
          continue;
        }
        if (variables && parsed.base.policyVariables && raw.includes('${')) {
          const template = parseTemplate(raw);
          if (template.hasVariables || template.literalWildcards) {
            values.push({ ...base, template });
            continue;
          }
        }
        const literal = variables && parsed.base.policyVariables ? raw.replace(/\$\{\s*\$\s*\}/g, '$') : raw;
        const test = family.compile(parsed.base, literal);
        if (isValueError(test)) fail(test.error, located.span);
        else values.push({ ...base, test });
      }
      const staticTests = family && values.every((v) => v.test) ? values.map((v) => v.test as ValueTest) : undefined;
      out.push({
        operator: parsed,
        family,
        key: keyNode.key,
        keyLower: keyNode.key.toLowerCase(),
        span: keyNode.property.span,
        values,
        policyValues: values.map((v) => v.value),
        ...(staticTests ? { staticTests } : {}),
      });
    }
  }
  return out;
}
