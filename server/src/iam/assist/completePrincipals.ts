// Completion in Principal / NotPrincipal: principal types, account roots, the model's users and roles, services.
import { propertyItem, propertyTarget, valueItem, valueTarget } from './completionItems';
import type { Cursor } from './cursor';
import { FEDERATED_PRINCIPALS, SERVICE_PRINCIPALS } from './knownValues';
import type { AssistCompletion, AssistEnvironment } from './types';

const TYPES: readonly [string, string][] = [
  ['AWS', 'Accounts, IAM users, IAM roles, assumed-role sessions, or `*`.'],
  ['Service', 'AWS service principals (`lambda.amazonaws.com`).'],
  ['Federated', 'Web identity or SAML identity providers.'],
  ['CanonicalUser', 'An S3 canonical user id.'],
];

export function principalTypeCompletions(text: string, cursor: Cursor): AssistCompletion[] {
  const target = propertyTarget(text, cursor);
  return TYPES.map(([name, documentation]) => propertyItem(target, name, 'property', '"$1"', { documentation }));
}

export function principalCompletions(text: string, cursor: Cursor, principalType: string | undefined, env: AssistEnvironment): AssistCompletion[] {
  // `"Principal": |` with nothing typed yet: the object form is what people usually mean.
  if (principalType === undefined && cursor.string === undefined) {
    return [
      {
        label: '{ "AWS": … }',
        kind: 'value',
        insertText: '{ "${1|AWS,Service,Federated|}": "$2" }',
        snippet: true,
        replace: { offset: cursor.offset, length: 0 },
        filterText: '{',
      },
      valueItem(valueTarget(text, cursor), '*', 'principal', { detail: 'everyone, including anonymous users' }),
    ];
  }
  const target = valueTarget(text, cursor);
  const items: AssistCompletion[] = [];
  if (principalType === undefined || principalType === 'AWS') {
    items.push(valueItem(target, '*', 'principal', { detail: 'everyone, including anonymous users', sortText: '~' }));
    const accounts = new Set<string>();
    for (const principal of env.principals ?? []) {
      accounts.add(principal.accountId);
      if (principal.kind === 'root') continue;
      items.push(valueItem(target, principal.arn, 'principal', { detail: `${principal.kind} ${principal.name} (${principal.accountId})` }));
    }
    for (const account of accounts) {
      items.push(valueItem(target, `arn:aws:iam::${account}:root`, 'principal', { detail: `account ${account}` }));
    }
    if (accounts.size === 0) {
      items.push(
        valueItem(target, 'arn:aws:iam::123456789012:root', 'principal', {
          insert: 'arn:${1:aws}:iam::${2:123456789012}:root',
          snippet: true,
          detail: 'an account (all its principals that its own policies allow)',
        }),
        valueItem(target, 'arn:aws:iam::123456789012:role/RoleName', 'principal', {
          insert: 'arn:${1:aws}:iam::${2:123456789012}:role/${3:RoleName}',
          snippet: true,
          detail: 'an IAM role',
        }),
      );
    }
  }
  if (principalType === 'Service') {
    for (const service of SERVICE_PRINCIPALS) items.push(valueItem(target, service, 'principal', { detail: 'service principal' }));
  }
  if (principalType === 'Federated') {
    for (const provider of FEDERATED_PRINCIPALS) {
      const snippet = provider.includes('${');
      items.push(
        valueItem(target, provider.replace(/\$\{\d+:([^}]*)\}/g, '$1'), 'principal', {
          insert: provider,
          snippet,
          detail: 'identity provider',
        }),
      );
    }
  }
  return items;
}
