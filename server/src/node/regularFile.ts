// Reading a file the user (or a model, or a test file) named: only regular files, of bounded size.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Files larger than this are refused rather than read: no account model, export or policy comes close. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * The bytes of a regular file, or a one-line reason it cannot be read. The file is opened without blocking and
 * checked through the open descriptor, so a FIFO (whose open or read would wait forever), a device such as
 * `/dev/zero` (endless), a folder, or a file swapped for one of those between a check and the read is refused with
 * the same message on every path that reads it.
 */
export type RegularFileRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly error: string };

export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): RegularFileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, error: 'it is a folder, not a file' };
    if (!stat.isFile()) return { ok: false, error: 'it is not a regular file (a device, a pipe or a socket)' };
    if (stat.size > maxBytes)
      return { ok: false, error: `the file is ${Math.round(stat.size / 1048576)} MB, more than the ${Math.round(maxBytes / 1048576)} MB limit` };
    const bytes = Buffer.alloc(stat.size);
    let filled = 0;
    // A file that grows while read is read up to the size it had: never more than the limit.
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { ok: true, bytes: filled === bytes.length ? bytes : bytes.subarray(0, filled) };
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENXIO':
      return 'it is not a regular file (a device, a pipe or a socket)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Why bytes that are UTF-16 text are not read (PowerShell's `>` and some Windows editors write UTF-16): said as such,
 * rather than as JSON syntax errors, a bad UTF-8 byte or a binary file. Text with a byte order mark says so; text
 * without one is known by its first two characters, each a printable ASCII character or white space and a NUL byte
 * (JSON starts with `{`, `[` or white space), which no UTF-8 text has.
 */
export function utf16Problem(bytes: Uint8Array): string | undefined {
  const [first, second, third, fourth] = bytes;
  if ((first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff))
    return 'the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8';
  const ascii = (byte: number | undefined): boolean => byte !== undefined && ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d);
  const littleEndian = ascii(first) && second === 0 && ascii(third) && fourth === 0;
  const bigEndian = first === 0 && ascii(second) && third === 0 && ascii(fourth);
  return littleEndian || bigEndian ? 'the file is UTF-16 text (without a byte order mark); save it as UTF-8' : undefined;
}
