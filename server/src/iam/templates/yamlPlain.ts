/**
 * Whether the text reads back as the same string when written as a YAML plain scalar: it starts with no indicator,
 * holds no `: ` or ` #` (a tab as a space; nor, inside `[…]`, a comma or bracket), and does not read as a boolean,
 * null or number.
 */
export function canStandPlain(text: string, inFlow: boolean): boolean {
  if (text.length === 0 || /^[-?:,[\]{}#&*!|>'"%@`\s]|:\s|\s#|:$|\s$/.test(text) || (inFlow && /[,[\]{}]/.test(text))) return false;
  return !/^(?:true|false|yes|no|on|off|y|n|null|~)$/i.test(text) && !/^[-+.]?\d/.test(text);
}
