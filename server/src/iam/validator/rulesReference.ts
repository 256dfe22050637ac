/**
 * The rules reference (docs/rules.md) rendered from the registry, so the documentation a diagnostic links to can
 * never drift from the rules that run: `npm run rules-doc` writes it and a unit test checks it is current.
 */
import { accessAnalyzerCategory } from './accessAnalyzerCategory';
import type { Rule } from './rule';
import { POLICY_TYPE_NAMES } from '../policyTypes';

/** Finding codes reported outside the validator (templates, models), listed after the rules under a heading of their own. */
export interface FindingGroup {
  readonly heading: string;
  /** One paragraph: what reports these codes, and how their severity is set. */
  readonly intro: string;
  readonly rules: readonly Rule[];
}

export function renderRulesReference(rules: readonly Rule[], groups: readonly FindingGroup[] = []): string {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  const lines = [
    '# Validation rules',
    '',
    '<!-- Generated from server/src/iam/validator/rules by `npm run rules-doc`; do not edit by hand. -->',
    '',
    `IAM Policy Lab checks policies with ${rules.length} rules. Each has a stable id: set its severity, or turn it off, with`,
    '`"iamPolicy.rules": { "<id>": "error" | "warning" | "info" | "hint" | "off" }` in VS Code, or `--severity <id>=<level>`',
    'on the command line. Where IAM Access Analyzer makes the same check, its issue code is given, and the diagnostic',
    "links to AWS's description of it.",
    '',
    '| Rule | Default | Access Analyzer | Applies to |',
    '| --- | --- | --- | --- |',
  ];
  for (const rule of sorted) {
    lines.push(`| [${rule.id}](#${rule.id.toLowerCase()}) | ${rule.defaultSeverity} | ${rule.awsCode ?? ''} | ${appliesTo(rule)} |`);
  }
  for (const rule of sorted) {
    lines.push('', `### ${rule.id}`, '', rule.description, '');
    lines.push(`- Default severity: ${rule.defaultSeverity}`);
    if (rule.awsCode !== undefined) lines.push(`- Access Analyzer: \`${rule.awsCode}\` (${accessAnalyzerCategory(rule.awsCode)})`);
    lines.push(`- Applies to: ${appliesTo(rule)}`);
  }
  for (const group of groups) {
    const codes = [...group.rules].sort((a, b) => a.id.localeCompare(b.id));
    lines.push('', `## ${group.heading}`, '', group.intro, '', '| Code | Default |', '| --- | --- |');
    for (const rule of codes) lines.push(`| [${rule.id}](#${rule.id.toLowerCase()}) | ${rule.defaultSeverity} |`);
    for (const rule of codes) lines.push('', `### ${rule.id}`, '', rule.description, '', `- Default severity: ${rule.defaultSeverity}`);
  }
  return `${lines.join('\n')}\n`;
}

function appliesTo(rule: Rule): string {
  return rule.appliesTo === undefined ? 'every policy type' : rule.appliesTo.map((type) => POLICY_TYPE_NAMES[type]).join(', ');
}
