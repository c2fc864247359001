import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Layering (HOUSE-STYLE §3): who may import whom, enforced by import patterns so no resolver
// is needed. `regex` patterns match relative paths as well as package names.
const NODE_BUILTINS = {
  regex: `^(node:.*|${builtinModules.filter((name) => !name.startsWith('_')).join('|')})(/.*)?$`,
  message: 'Node built-ins are for the main process only.',
};
const ELECTRON = { regex: '^electron$', message: 'Only the Electron shell files may import electron.' };
const MAIN_CODE = {
  regex: '(^|/)electron/(main|preload)(/|$)',
  message: 'The renderer and shared code may not import the main process.',
};
const RENDERER_CODE = {
  regex: '(^|/)renderer(/|$)',
  message: 'shared/ and electron/ may not import the renderer.',
};
const UPPER_LAYERS = {
  regex: '(^|/)(ipc|sync|bridge)(/|$)',
  message: 'db/ imports only shared/ (ipc → sync → db).',
};

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'no-restricted-imports': restrict(ELECTRON),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(NODE_BUILTINS, ELECTRON, MAIN_CODE),
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'api', message: 'Only renderer/lib/ipc.ts talks to the transport.' },
      ],
    },
  },
  {
    files: ['renderer/lib/ipc.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(NODE_BUILTINS, ELECTRON, MAIN_CODE, RENDERER_CODE),
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(ELECTRON, RENDERER_CODE) },
  },
  {
    files: ['electron/main/index.ts', 'electron/main/ipc/register.ts', 'electron/preload/index.ts'],
    rules: { 'no-restricted-imports': restrict(RENDERER_CODE) },
  },
  {
    files: ['electron/main/db/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(ELECTRON, RENDERER_CODE, UPPER_LAYERS) },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
