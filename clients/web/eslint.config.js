// eslint for the lineage browser: the recommended JavaScript and typed TypeScript rules; layout is
// prettier's (`npm run check` runs tsc, eslint and prettier --check; `npm run format` formats).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "target/", "node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  prettier,
);
