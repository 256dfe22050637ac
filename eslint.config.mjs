import tseslint from 'typescript-eslint';
import prettierOff from 'eslint-config-prettier/flat';

// The core must stay free of editor, protocol, Node and DOM concerns (README, Architecture, invariant 1).
// Its tsconfig has `types: []`, but that alone does not stop `import 'vscode'`, so the rule is enforced here too.
// Pure-JavaScript parsers (jsonc-parser, yaml, js-yaml) may be imported by the core; a grammar that needs a WASM file
// (web-tree-sitter and its HCL grammar) is loaded at the edge (server/src/node) and handed in as a parse function.
const coreRestrictions = {
  patterns: [
    {
      group: ['web-tree-sitter', '@tree-sitter-grammars/*'],
      message: 'The core (server/src/iam) must not load WASM grammars: take a parse function from server/src/node.',
    },
    {
      group: ['vscode', 'vscode-*', 'vscode-languageserver*', 'vscode-languageclient*'],
      message: 'The core (server/src/iam) must not depend on VS Code or LSP.',
    },
    {
      group: ['node:*', 'fs', 'path', 'os', 'child_process', 'url', 'crypto', 'util', 'events', 'stream', 'process'],
      message: 'The core (server/src/iam) must not use Node APIs: take what you need as a parameter.',
    },
    { group: ['**/lsp/**', '**/cli/**', '**/node/**', '**/client/**'], message: 'The core (server/src/iam) must not import the edges.' },
  ],
};

// The edges enter the core through its front doors: each area's index.ts is its public surface, so what the core
// keeps to itself can change without touching the language server, the command line or the extension.
const frontDoors = {
  regex: '/iam/[^/]+/(?!index$)[^/]+',
  message: "Import the core through an area's front door (server/src/iam/<area>/index.ts), not its internals.",
};

const SERVER_VALUES = {
  name: 'vscode-languageserver',
  allowTypeImports: true,
  message: 'Import run-time values of vscode-languageserver from server/src/lsp/lspValues.ts (types may come from the package).',
};
const NODE_VALUES = {
  name: 'vscode-languageserver/node',
  allowTypeImports: true,
  message: 'Only server/src/lsp/nodeServer.ts imports run-time values of vscode-languageserver/node (types may come from the package).',
};

const TEMPLATE_VALUES = {
  regex: '/iam/templates(/index)?$',
  allowTypeImports: true,
  message:
    'Import only types from the template readers here: importing their values runs them at every start; reach them through server/src/node/templateReaders.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      '.cache/**',
      'server/src/iam/catalog/data/**',
      'server/src/iam/model/managedPolicies/data/**',
      '**/*.mjs',
      '**/*.js',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['server/src/iam/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', coreRestrictions],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['server/src/lsp/**/*.ts', 'server/src/cli/**/*.ts', 'server/src/node/**/*.ts', 'client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [frontDoors] }],
    },
  },
  // Each value import from these CommonJS packages costs the bundle a copy of their hundreds of exports at every start:
  // lspValues.ts alone imports vscode-languageserver's values, nodeServer.ts alone vscode-languageserver/node's. The
  // template readers' values are reached through node/templateReaders.ts alone, which loads them when first needed:
  // the server, the Node edge it loads at start, the command line's other commands and the extension import only their
  // types.
  ...[
    { files: ['server/src/lsp/**/*.ts'], ignores: ['server/src/lsp/lspValues.ts', 'server/src/lsp/nodeServer.ts'], packages: [SERVER_VALUES, NODE_VALUES] },
    { files: ['server/src/lsp/nodeServer.ts'], packages: [SERVER_VALUES] },
    { files: ['server/src/lsp/lspValues.ts'], packages: [NODE_VALUES] },
    // `check` reads templates as templates: it loads the readers when it starts, as it needs them.
    {
      files: ['server/src/node/**/*.ts', 'server/src/cli/**/*.ts', 'client/src/extension/**/*.ts'],
      ignores: ['server/src/cli/check.ts', 'server/src/cli/templateFiles.ts'],
      packages: [],
    },
  ].map(({ packages, ...where }) => ({
    ...where,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: packages, patterns: [TEMPLATE_VALUES] }] },
  })),
  {
    files: ['client/src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            frontDoors,
            {
              group: ['**/iam/catalog', '**/iam/catalog/*', '**/server/src/node/*', '!**/server/src/node/templateReaders'],
              message: 'The extension host loads no catalog: ask the language server (iamPolicy/suggestActions, iamPolicy/describeAction).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            frontDoors,
            {
              group: ['ajv', 'ajv/*', 'vscode', 'node:*'],
              message: 'The webview bundle runs in a browser with a strict CSP: no ajv (it uses new Function), no vscode, no Node.',
            },
          ],
        },
      ],
    },
  },
  // Layout is Prettier's (npm run format); last, so no rule above can ask for a different one.
  prettierOff,
);
