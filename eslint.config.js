// Lint rules: typescript-eslint's recommended type-aware set, plus the layer
// rule of ARCHITECTURE.md (imports point one way:
// platform ← telephony ← callcenter ← business ← api ← app).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

// Each layer and the layers it must never import.
const layers = {
  platform: ['store', 'telephony', 'callcenter', 'business', 'reports', 'sim', 'api', 'app', 'cli'],
  store: ['telephony', 'callcenter', 'business', 'reports', 'sim', 'api', 'app', 'cli'],
  telephony: ['store', 'callcenter', 'business', 'reports', 'sim', 'api', 'app', 'cli'],
  callcenter: ['business', 'reports', 'api', 'app', 'cli', 'sim'],
  business: ['reports', 'api', 'app', 'cli', 'sim'],
  reports: ['api', 'app', 'cli', 'sim'],
  sim: ['api', 'app', 'cli', 'business'],
  api: ['app', 'cli', 'sim'],
  app: ['cli', 'sim'],
};

const zones = Object.entries(layers).flatMap(([target, forbidden]) =>
  forbidden.map((from) => ({
    target: `./src/${target}`,
    from: `./src/${from}`,
    message: `${target}/ may not import ${from}/ (ARCHITECTURE.md: imports point one way).`,
  })),
);

// What a page's scripts may use without importing it (web/ runs in the browser).
const browserGlobals = Object.fromEntries(
  [
    'window',
    'document',
    'navigator',
    'location',
    'history',
    'localStorage',
    'fetch',
    'WebSocket',
    'URL',
    'Response',
    'KeyboardEvent',
    'HTMLElement',
    'console',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'crypto',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The browser app (web/): React in .tsx, browser globals instead of Node's.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: { globals: browserGlobals },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
