/**
 * True for the keys JavaScript orders before all others in an object, whatever order they were written in: canonical
 * integers below 2³² − 1. A file with such a key is not read as values, whose order would differ from the text's.
 */
export function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 0x30 || first > 0x39 || key.length > 10) return false;
  if (key === '0') return true;
  return first !== 0x30 && /^\d+$/.test(key) && Number(key) < 4294967295;
}
