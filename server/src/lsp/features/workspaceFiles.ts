/**
 * The workspace's files for path completion in models and test files, listed through the runtime (bounded there) and
 * kept for a few seconds: completion asks on every keystroke inside a path, the file tree changes far less often.
 */
import type { FileAccess } from '../context';

const FRESH_FOR_MS = 5000;

export class WorkspaceFileList {
  private cached: { root: string; at: number; files: readonly string[] } | undefined;

  constructor(private readonly files: FileAccess) {}

  /** The files under `root` (the workspace folder, or the document's own folder outside one). */
  list(root: string): readonly string[] {
    const now = Date.now();
    if (this.cached && this.cached.root === root && now - this.cached.at < FRESH_FOR_MS) return this.cached.files;
    const files = this.files.listFiles?.(root) ?? [];
    this.cached = { root, at: now, files };
    return files;
  }

  /** A file was created, deleted or renamed: list again on the next completion. */
  forget(): void {
    this.cached = undefined;
  }
}
