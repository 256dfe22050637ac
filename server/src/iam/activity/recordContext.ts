import type { ContextValue } from '../evaluator/types';

/** The parts of a record that become request context. */
export interface ContextFacts {
  readonly region?: string;
  readonly sourceIp?: string;
  readonly mfaAuthenticated?: string;
  readonly vpcEndpointId?: string;
  readonly tls: boolean;
  readonly userAgent?: string;
  readonly invokedBy?: string;
  readonly principalIsService: boolean;
}

/**
 * The global condition keys a CloudTrail record shows
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). `aws:CurrentTime` is
 * passed as the evaluation time instead. A key the record does not show is left out, so `…IfExists` and absent-key
 * rules decide as AWS would for a request without it; `sourceIPAddress` is a service name, not an address, when a
 * service called for the principal.
 */
export function recordContext(facts: ContextFacts): Readonly<Record<string, ContextValue>> {
  // Records of one caller repeat the same few contexts: one shared, frozen object per distinct context saves memory
  // on a day of logs and lets replay write each out once.
  const key = `${facts.region ?? ''}\u0000${facts.sourceIp ?? ''}\u0000${facts.mfaAuthenticated ?? ''}\u0000${facts.vpcEndpointId ?? ''}\u0000${facts.tls}\u0000${facts.userAgent ?? ''}\u0000${facts.invokedBy ?? ''}\u0000${facts.principalIsService}`;
  let context = interned.get(key);
  if (context === undefined) {
    context = Object.freeze(buildContext(facts));
    if (interned.size >= MAX_INTERNED) interned.clear();
    interned.set(key, context);
  }
  return context;
}

const interned = new Map<string, Readonly<Record<string, ContextValue>>>();
const MAX_INTERNED = 50_000;

function buildContext(facts: ContextFacts): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  if (facts.region) context['aws:RequestedRegion'] = facts.region;
  if (facts.sourceIp && isIpAddress(facts.sourceIp)) context['aws:SourceIp'] = facts.sourceIp;
  if (facts.mfaAuthenticated === 'true' || facts.mfaAuthenticated === 'false') context['aws:MultiFactorAuthPresent'] = facts.mfaAuthenticated;
  if (facts.vpcEndpointId) context['aws:SourceVpce'] = facts.vpcEndpointId;
  // CloudTrail records tlsDetails for calls made over TLS; its absence does not prove plain HTTP, so say nothing.
  if (facts.tls) context['aws:SecureTransport'] = 'true';
  if (facts.userAgent) context['aws:UserAgent'] = facts.userAgent;
  if (facts.invokedBy && !facts.principalIsService && facts.invokedBy.endsWith('.amazonaws.com')) context['aws:ViaAWSService'] = 'true';
  return context;
}

function isIpAddress(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || (/^[0-9a-fA-F:.]+$/.test(value) && value.includes(':'));
}
