import type { ContextValue } from '../evaluator/types';

/**
 * What the activity readers produce: each CloudTrail record either becomes a request the evaluator can decide, or an
 * unmapped record that says why. Both name the file and the record's index in it, so every line of a report can be
 * traced back to the log.
 */

/** Where a record came from: the log file as the user named it, and the record's zero-based index in that file. */
export interface RecordOrigin {
  readonly file: string;
  readonly index: number;
}

/**
 * What AWS did with the call. `allowed`: no error code. `denied`: an authorization error code (AccessDenied,
 * UnauthorizedOperation…). `otherError`: an error that is not about authorization (NoSuchKey, throttling); AWS got
 * past authorization or never reached it, so such records take no side in a replay.
 */
export type RecordedOutcome = 'allowed' | 'denied' | 'otherError';

/** A permission a call needs besides its own action (a copy reads its source; a new function is passed its role). */
export interface RequiredPermission {
  readonly action: string;
  readonly resource: string;
  /** Context AWS adds to this permission's check beyond the call's own (`iam:PassedToService` on a PassRole). */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface ActivityRequest {
  readonly origin: RecordOrigin;
  /** The principal as the evaluator takes it: a user, a role session, a federated user, a root or a service. */
  readonly principal: string;
  /**
   * The identity that holds the policies: the user, the role a session belongs to (with its path, from the session
   * issuer), the account root, or the service. Generate groups activity by this.
   */
  readonly identity: string;
  /** For a federated user: the IAM user who called GetFederationToken. */
  readonly federatedBy?: string;
  /** The IAM action in AWS's spelling (`s3:ListBucket` for an S3 `ListObjectsV2` call). */
  readonly action: string;
  /** `eventSource` and `eventName` as the record gave them, for reports. */
  readonly eventSource: string;
  readonly eventName: string;
  readonly resource: string;
  /** Other permissions the call needed (dependentPermissions.ts), decided with the same principal and context. */
  readonly alsoRequires?: readonly RequiredPermission[];
  /** Request context the record shows (region, source IP, MFA, endpoint, TLS, user agent). */
  readonly context: Readonly<Record<string, ContextValue>>;
  /** `eventTime` as a Date, for `aws:CurrentTime`; undefined when the record has no valid time. */
  readonly time?: Date;
  readonly outcome: RecordedOutcome;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export interface UnmappedRecord {
  readonly origin: RecordOrigin;
  /** Why the record could not become a request, in one sentence. */
  readonly reason: string;
  /** `eventSource`/`eventName` when the record has them, to group the unmapped records of a report. */
  readonly event?: string;
}

/** The result of reading one log file: the records that became requests and those that did not. */
export interface ActivityRead {
  readonly requests: ActivityRequest[];
  readonly unmapped: UnmappedRecord[];
  /** A problem with the file as a whole (not JSON, no Records), which stops reading it; the message names the line. */
  readonly fileError?: string;
}
