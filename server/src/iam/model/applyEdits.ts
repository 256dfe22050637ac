import type { FileEdit } from '../explain/explanation';

/**
 * `edits` applied to a text that starts at `start` in the file their offsets are in (0: the whole file), last first
 * so that earlier offsets stay valid.
 */
export function applyEdits(text: string, edits: readonly FileEdit[], start = 0): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.offset - a.span.offset)) {
    const offset = edit.span.offset - start;
    out = out.slice(0, offset) + edit.newText + out.slice(offset + edit.span.length);
  }
  return out;
}

/** `edits` by the file each is in, in their order. */
export function editsByFile(edits: readonly FileEdit[]): Map<string, FileEdit[]> {
  const byFile = new Map<string, FileEdit[]>();
  for (const edit of edits) {
    const inFile = byFile.get(edit.file);
    if (inFile) inFile.push(edit);
    else byFile.set(edit.file, [edit]);
  }
  return byFile;
}
