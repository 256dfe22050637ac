import type { Severity } from '../findings';
import type { Span } from '../span';
import type { EvaluationModel, ModelAccount, ModelPrincipal, ModelResource, PolicyRef } from '../evaluator/model';
import type { PrincipalOutline } from './principalOutline';

/**
 * What the model loader needs from the outside world. The core never touches the file system: the Node edge
 * (`server/src/node/modelFiles.ts`) implements this over `fs`, the language server over its open documents, tests
 * over an in-memory map.
 */
/**
 * Why a file cannot be read as asked: a message, and where the cause is when it has a place of its own (a template's
 * syntax error, a misspelt key of the file that names it), so that it is reported there with its code.
 */
export interface ReadFailure {
  readonly error: string;
  readonly at?: { readonly file: string; readonly span: Span; readonly code: string };
}

export interface ModelHost {
  /** The file's text, or why it cannot be read (`ENOENT: no such file`). */
  readFile(path: string): string | ReadFailure;
  /** Resolves `relative` against the folder of the file `fromFile`; absolute paths come back unchanged. */
  resolve(fromFile: string, relative: string): string;
  /** The bundled snapshot of AWS managed policies; without it, `arn:aws:iam::aws:policy/…` references dangle. */
  readonly managedPolicies?: ManagedPolicyLookup;
  /**
   * The account model (JSON text) built from a CloudFormation/SAM template or a Terraform folder, as deployed in
   * `account` (an account's `templates`); the templates area's host provides it, and without it `templates` cannot
   * be read.
   */
  readTemplateModel?(path: string, deployment: TemplateDeployment): string | ReadFailure;
  /**
   * The file read a window at a time, for one too large to hold as a string cheaply (an authorization-details export
   * of tens of megabytes opened as the model, see `scanExportWindows`); undefined to have it read whole by `readFile`.
   * Only a file whose first `headLength` characters `wanted` accepts is opened so: a host makes sure the whole file can
   * be read a window at a time, which reads it through, and a file read whole anyway must not be read twice.
   */
  openWindows?(path: string, wanted: WindowsWanted): FileWindows | undefined;
}

/** Which files are worth reading a window at a time, by their first characters (see `ModelHost.openWindows`). */
export interface WindowsWanted {
  readonly headLength: number;
  readonly wanted: (head: string) => boolean;
}

/**
 * A file read a window at a time: its length, and its text between two offsets. Only a file all ASCII is read so (in
 * another, offsets in bytes and in characters differ). `text` throws when the file changed since it was opened: the
 * scan then reads it whole, and what is read back later says so.
 */
export interface FileWindows {
  readonly length: number;
  text(start: number, end: number): string;
}

/** Where a template included in a model is deployed: the account that lists it, and a region. */
export interface TemplateDeployment {
  readonly account: string;
  readonly region?: string;
}

/** The part of the managed policy store the loader uses (the catalog's store satisfies it structurally). */
export interface ManagedPolicyLookup {
  /** The default version's document text of the AWS managed policy with this ARN, if the snapshot has it. */
  text(arn: string): string | undefined;
  /** Every policy of the snapshot, for "did you mean" suggestions when an ARN is not found. */
  list?(): readonly { readonly name: string; readonly arn: string }[];
}

/** A problem found while loading a model or test file, pointing at the characters concerned. */
export interface ModelDiagnostic {
  readonly file: string;
  readonly span: Span;
  readonly severity: Severity;
  readonly message: string;
  /** Stable id of the kind of problem (`unknownKey`, `danglingReference`, `unreadableFile`, …). */
  readonly code: string;
  /** The text the span is replaced with to mend it, where one thing was surely meant (the editor's quick fix). */
  readonly replacement?: string;
}

/** A group as the model lists it (groups are not principals, but users inherit their policies). */
export interface ModelGroup {
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly policies: readonly PolicyRef[];
  readonly members: readonly string[];
}

/** A customer managed policy defined in an account (by the model or an authorization-details export). */
export interface ModelManagedPolicy {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  /** The policy as an identity policy (its source has no `attachedTo`). */
  readonly policy: PolicyRef;
}

/** The evaluation model plus what editors, the CLI and who-can need to list and navigate it. */
export interface LoadedModel extends EvaluationModel {
  /** The model file (or authorization-details export) this was loaded from. */
  readonly file: string;
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  accounts(): readonly ModelAccount[];
  groups(): readonly ModelGroup[];
  managedPolicies(): readonly ModelManagedPolicy[];
  /** Every file the model read (the model, policy files, exports), so callers can reload when one changes. */
  files(): readonly string[];
  /**
   * False when no text the model read holds a value a template or Terraform configuration left open
   * (unresolvedMarker.ts), so no answer can meet one; undefined for a model not built by the loader.
   */
  readonly mayHoldOpenValues?: boolean;
  /**
   * Every principal as far as it is known without building it (see `DeferredPrincipal`), for who-can over thousands;
   * a model that builds everything up front need not have it.
   */
  outlines?(): readonly PrincipalOutline[];
  /**
   * The resources of the accounts read so far, for a look that must not read the others (a model read account by
   * account, `simulate`'s guess at a misspelt bucket); a model that reads everything up front need not have it.
   */
  resourcesRead?(): readonly ModelResource[];
}

export interface LoadModelResult {
  readonly model: LoadedModel;
  readonly diagnostics: readonly ModelDiagnostic[];
}

export type { EvaluationModel, ModelAccount, ModelPrincipal, ModelResource, PolicyRef };
