// SARIF 2.1.0 output for code-scanning tools (GitHub code scanning, Azure DevOps, SonarQube importers).
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../iam/findings';
import { INTERNAL_ERROR_CODE, type Rule } from '../iam/validator';
import type { BaselineState } from './baseline';
import type { Diagnostic, FileReport } from './printer';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** Relative paths become relative URIs (resolved against the checkout by code scanning); absolute ones file URLs. */
function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}

const INTERNAL_ERROR_RULE = {
  id: INTERNAL_ERROR_CODE,
  shortDescription: { text: 'A validator rule failed while checking this file.' },
  help: { text: 'An internal error in IAM Policy Lab; the other checks still ran. Please report it.' },
  defaultConfiguration: { level: 'warning' },
};

/** A code no list describes (none should be): its results carry their own message and level. */
function unlistedRule(code: string): unknown {
  return { id: code, shortDescription: { text: 'A finding of IAM Policy Lab about this file; its message says what it is.' } };
}

/**
 * The SARIF log of one run. Every rule and finding code is listed (so viewers can show help for any result), plus
 * `internalError` when it occurred. Regions are one-based, as SARIF requires; columns count UTF-16 code units,
 * SARIF's default `columnKind`, which is what our offsets are. With a baseline, every result has its `baselineState`.
 */
export function toSarif(reports: readonly FileReport[], rules: readonly Rule[], states?: ReadonlyMap<Diagnostic, BaselineState>): unknown {
  const ruleIds = rules.map((rule) => rule.id);
  const driverRules: unknown[] = rules.map((rule) => ({
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}${rule.awsCode ? ` IAM Access Analyzer check: ${rule.awsCode}.` : ''}${
        rule.appliesTo ? ` Applies to: ${rule.appliesTo.join(', ')} policies.` : ''
      }`,
    },
    defaultConfiguration: { level: level(rule.defaultSeverity) },
    ...(rule.awsCode ? { properties: { awsCode: rule.awsCode } } : {}),
  }));
  const results: unknown[] = [];
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) {
      let ruleIndex = ruleIds.indexOf(diagnostic.code);
      if (ruleIndex < 0) {
        ruleIds.push(diagnostic.code);
        driverRules.push(diagnostic.code === INTERNAL_ERROR_CODE ? INTERNAL_ERROR_RULE : unlistedRule(diagnostic.code));
        ruleIndex = ruleIds.length - 1;
      }
      const { start, end } = diagnostic.range;
      results.push({
        ruleId: diagnostic.code,
        ruleIndex,
        level: level(diagnostic.severity),
        message: { text: diagnostic.message },
        ...(states ? { baselineState: states.get(diagnostic) ?? 'new' } : {}),
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(report.file) },
              region: {
                startLine: start.line + 1,
                startColumn: start.character + 1,
                endLine: end.line + 1,
                endColumn: end.character + 1,
              },
            },
          },
        ],
        properties: {
          policyType: diagnostic.policy?.type ?? report.type,
          ...(diagnostic.awsCode ? { awsCode: diagnostic.awsCode } : {}),
          ...(diagnostic.policy
            ? {
                policy: diagnostic.policy.label,
                policyPath: diagnostic.policy.path,
                ...(diagnostic.policy.construct ? { construct: diagnostic.policy.construct } : {}),
              }
            : {}),
        },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iam-policy-lab', version: VERSION, rules: driverRules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
