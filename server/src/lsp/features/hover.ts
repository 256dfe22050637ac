/**
 * textDocument/hover: the core's hover for the policy unit under the pointer, and the summary of an AWS managed policy
 * ARN anywhere in one of our documents (policy lists in account models are not inside a policy unit).
 */
import type { Hover, Position } from 'vscode-languageserver';
import { MarkupKind } from '../lspValues';
import { getLocation } from 'jsonc-parser';
import { isManagedPolicyArn, managedPolicySummary } from '../../iam/assist';
import { hoverAt } from '../../iam/assist';
import type { AssistEnvironment } from '../../iam/assist';
import type { PolicyType } from '../../iam/policyTypes';
import { shiftSpan, toOffset, toRange } from '../convert';
import { unitAt, type ParsedDocument, type PolicyUnit } from '../documents';

export function hover(doc: ParsedDocument, position: Position, env: AssistEnvironment, typeOf: (unit: PolicyUnit) => PolicyType | undefined): Hover | null {
  const offset = toOffset(doc, position);
  // A large policy file's text is not scanned from its start for each hover: its statements are its units.
  const managed = doc.large === true ? null : managedPolicyHover(doc, offset, env);
  if (managed !== null) return managed;
  const at = unitAt(doc, offset);
  if (at === undefined) return null;
  const found = hoverAt(at.unit.parsed, at.offset, env, typeOf(at.unit));
  if (found === undefined) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: found.markdown },
    range: toRange(doc, shiftSpan(found.span, at.unit.base)),
  };
}

function managedPolicyHover(doc: ParsedDocument, offset: number, env: AssistEnvironment): Hover | null {
  const node = getLocation(doc.text, offset).previousNode;
  if (node?.type !== 'string' || typeof node.value !== 'string') return null;
  if (offset <= node.offset || offset >= node.offset + node.length || !isManagedPolicyArn(node.value)) return null;
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: managedPolicySummary(node.value, env.managedPolicyText?.(node.value), env.catalog, env.managedPolicyVersion?.(node.value)),
    },
    range: toRange(doc, { offset: node.offset + 1, length: Math.max(0, node.length - 2) }),
  };
}
