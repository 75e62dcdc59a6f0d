import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["src/admin/public/**/*.js"], languageOptions: { globals: globals.browser } },
  { files: ["**/*.mjs"], languageOptions: { globals: globals.node } },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs", globals: globals.node }, rules: { "@typescript-eslint/no-require-imports": "off" } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "node:async_hooks",
              importNames: ["AsyncLocalStorage", "createHook"],
              message: "Once one runs, Node 20 hooks every promise of the process: the webhooks lost about a tenth of their rate (docs/performance.md, twelfth round). Pass what is needed explicitly.",
            },
          ],
        },
      ],
    },
  },
);
