/** Whether `JSON.parse` reads the text: strict JSON, nothing more or less. */
export function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
