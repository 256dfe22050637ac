import type { ParsedPolicy } from '../parser/policyTree';
import { readPlainPolicy } from '../parser/plainPolicy';
import type { CompiledPolicy } from './compiledPolicy';
import type { PolicyRef } from './model';
import type { PolicySource } from './types';

/**
 * A `PolicyRef` with a slot for its compiled form, which compilePolicy fills on first use. On a large model every
 * object an evaluation touches tends to be a cache miss: a field of the ref costs none, a WeakMap lookup one or two
 * per policy per request. The model loader makes these; hand-built refs (plain objects, in tests) still work, through
 * compilePolicy's WeakMap.
 */
export class CompilablePolicyRef implements PolicyRef {
  /** compilePolicy's slot: set once, on the first evaluation that reaches this policy. */
  compiled: CompiledPolicy | undefined = undefined;
  /** compileToDecide's slot: a form without positions, emptied again when `decidingForms` needs room. */
  deciding: CompiledPolicy | undefined = undefined;
  /** Set on each use of `deciding`, so the forms in use are the last to be emptied. */
  decidedRecently = false;
  /** Set when `decidingForms` emptied the slot: compiling this policy again means the slots are too few. */
  decidingDropped = false;

  constructor(
    readonly source: PolicySource,
    /** Holds the parse; read through a getter so documents parsed on first use stay unparsed until needed. */
    private readonly document: { readonly parsed: ParsedPolicy; readonly text?: string; readonly readPlain?: () => ParsedPolicy | undefined },
  ) {}

  get parsed(): ParsedPolicy {
    return this.document.parsed;
  }

  /** The policy's text, read without parsing it (who-can's index reads what a policy can match from it). */
  get text(): string {
    return this.document.text ?? this.document.parsed.text;
  }

  /**
   * The document read without positions (parser/plainPolicy.ts) when it is kept unparsed and reads the same that way:
   * from the value its loader read (a model read as values), or from its text.
   */
  plainReading(): ParsedPolicy | undefined {
    const document = this.document;
    if (document.readPlain) return document.readPlain();
    return document.text === undefined ? undefined : readPlainPolicy(document.text);
  }

  /** The text of a document kept unparsed until used; undefined when the loader parsed it already. */
  get unparsedText(): string | undefined {
    return this.document.text;
  }
}
