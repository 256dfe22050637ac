/**
 * The names being resolved right now, in a template or a Terraform module: a name whose value refers back to itself
 * (a condition, a mapping, a variable, a local) is unknown, not an endless loop.
 */
export class CycleGuard {
  private readonly resolving = new Set<string>();

  /** `compute()`, unless `key` is already being computed further up (then undefined). */
  run<T>(key: string, compute: () => T | undefined): T | undefined {
    if (this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    try {
      return compute();
    } finally {
      this.resolving.delete(key);
    }
  }
}
