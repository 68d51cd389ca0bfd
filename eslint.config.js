// ESLint for the browser modules under sensus/web/static/js (make check). The offline store,
// outbox and merge live there; "recommended" catches undeclared names, unreachable code and
// unused variables, which the Python checks never see.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["**/vendor/**", ".venv/**", "node_modules/**"] },
  js.configs.recommended,
  {
    files: ["sensus/web/static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.serviceworker },
    },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: globals.node },
  },
];
