// The .tf files of a folder, for reading a Terraform module (the CLI's models, the language server's open .tf files).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The paths of the .tf files of a folder (sorted, hidden ones skipped), or undefined when `path` is not a folder. */
export function terraformFilesOf(path: string): readonly string[] | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined;
    return readdirSync(path)
      .filter((name) => name.endsWith('.tf') && !name.startsWith('.'))
      .sort()
      .map((name) => join(path, name));
  } catch {
    return undefined;
  }
}
