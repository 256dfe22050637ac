/** The character codes the fast YAML reader (fastYamlReader, fastYamlScreen, yamlTextEnds) tests text against. */
export const SPACE = 32;
export const NEWLINE = 10;
export const RETURN = 13;
export const HASH = 35;
