// Lint rules, plus the layer boundaries of docs/architecture.md: dependencies point down only
// (cli → platform → controllers → apiserver → registry → storage → apimachinery), and a layer is
// entered only through its index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = ['apimachinery', 'storage', 'registry', 'apiserver', 'controllers', 'platform', 'cli'];

/** Returns the no-restricted-imports patterns that keep `layer` from importing layers above it. */
function boundaryPatterns(layer) {
  const above = layers.slice(layers.indexOf(layer) + 1);
  const patterns = above.map((upper) => ({
    group: [`**/${upper}/**`, `**/${upper}/index.ts`],
    message: `${layer}/ may not import ${upper}/: dependencies point down only (docs/architecture.md).`,
  }));
  // Other layers are entered through their index.ts only.
  for (const other of layers) {
    if (other === layer) continue;
    patterns.push({
      regex: `(^|/)${other}/(?!index\\.ts$).+`,
      message: `import ${other}/index.ts, not its internals.`,
    });
  }
  return patterns;
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'bench/results/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  ...layers.map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: boundaryPatterns(layer) }],
    },
  })),
  {
    // apimachinery is pure: object metadata, errors, selectors, patches. No I/O.
    files: ['src/apimachinery/**/*.ts'],
    ignores: ['src/apimachinery/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...boundaryPatterns('apimachinery'), { group: ['node:*'], message: 'apimachinery/ imports no node: module.' }],
      }],
    },
  },
);
