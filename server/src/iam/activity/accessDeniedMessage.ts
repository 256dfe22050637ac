import type { LayerKind } from '../evaluator/types';

/**
 * AWS's AccessDenied sentences (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
 * "User: ARN is not authorized to perform: ACTION on resource: ARN because no identity-based policy allows the
 * ACTION action", "… with an explicit deny in a service control policy", optionally followed by the policy's ARN.
 */
export interface ReportedDenial {
  readonly principal: string;
  readonly action: string;
  /** `*` when the message names no resource (actions that are not resource-level). */
  readonly resource: string;
  /** `explicitDeny` for "with an explicit deny in …", `implicitDeny` for "because no … allows". */
  readonly decision?: 'explicitDeny' | 'implicitDeny';
  /** The kind of policy as AWS's message words it (`service control policy`), and the layers that are that kind. */
  readonly policyKind?: string;
  readonly layers?: readonly LayerKind[];
  /** The ARN of the policy, when the message gives one. */
  readonly policyArn?: string;
}

/** The kinds of policy AWS's messages name, and the layers of our evaluation that are each kind. */
const KINDS: readonly (readonly [string, readonly LayerKind[]])[] = [
  ['identity-based policy', ['identity']],
  ['resource-based policy', ['resource', 'keyPolicy', 'trust']],
  ['permissions boundary', ['boundary']],
  ['session policy', ['session']],
  ['service control policy', ['scp']],
  ['resource control policy', ['rcp']],
  ['VPC endpoint policy', ['endpoint']],
];

const SENTENCE =
  /User: (\S+) is not authorized to perform: ([A-Za-z0-9-]+:[A-Za-z0-9*?]+)(?: on resource: "?([^"\s]+?)"?)?(?: (?:because no (.+?) allows the \S+ action|with an explicit deny in (?:an? )?(.+?)(?::? (arn:\S+?))?))?\.?$/m;

/** The denial a message reports, or why the text is not one of AWS's AccessDenied sentences. */
export function parseAccessDenied(message: string): ReportedDenial | { readonly problem: string } {
  const text = message
    .replace(/\r/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  // EC2 and others wrap the sentence: "You are not authorized to perform this operation. User: … action. Encoded
  // authorization failure message: …". The sentence is read; the encoded part says nothing more without decoding.
  const match = SENTENCE.exec(text.replace(/\.?\s*Encoded authorization failure message:.*$/i, ''));
  if (!match) {
    if (/not authorized to perform this operation\.?\s*Encoded authorization failure message/i.test(text)) {
      return {
        problem:
          'an encoded authorization failure message (EC2 and others): decode it with `aws sts decode-authorization-message` and explain the decoded text',
      };
    }
    return { problem: 'not an AccessDenied message in AWS\'s form ("User: ARN is not authorized to perform: ACTION on resource: ARN because …")' };
  }
  const [, principal, action, resource, implicitKind, explicitKind, policyArn] = match;
  const kindText = implicitKind ?? explicitKind;
  const kind = kindText !== undefined ? KINDS.find(([name]) => name.toLowerCase() === kindText.toLowerCase()) : undefined;
  return {
    principal: principal as string,
    action: action as string,
    resource: resource ?? '*',
    ...(kindText !== undefined ? { decision: implicitKind !== undefined ? 'implicitDeny' : 'explicitDeny' } : {}),
    ...(kind ? { policyKind: kind[0], layers: kind[1] } : kindText !== undefined ? { policyKind: kindText } : {}),
    ...(policyArn !== undefined ? { policyArn } : {}),
  };
}

/** Does the text look like an AccessDenied sentence rather than a file name? */
export function looksLikeAccessDenied(text: string): boolean {
  return /is not authorized to perform/.test(text);
}
