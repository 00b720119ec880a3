// Lint: TypeScript's recommended rules, the rules of hooks, accessibility of JSX, and the
// project's own rules. Formatting is Prettier's job (`npm run format`), not the linter's.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".cache/**", "node_modules/**", "test-results/**", "playwright-report/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // Input filters and tokenizers match control characters on purpose.
      "no-control-regex": "off",
    },
  },
  {
    // Every write takes the write lock up front (writeTx, BEGIN IMMEDIATE): a deferred
    // transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT under load.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='db'][callee.property.name=/^(insert|update|delete|transaction)$/]",
          message: "Write through writeTx(db, (tx) => …) so the transaction takes the write lock first.",
        },
        {
          selector: "CallExpression[callee.object.property.name='$client'][callee.property.name='transaction']",
          message: "Write through writeTx(db, (tx) => …) so the transaction takes the write lock first.",
        },
      ],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
);
