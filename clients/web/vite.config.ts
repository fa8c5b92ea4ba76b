import { defineConfig } from "vitest/config";

// Built into dist/, which the Maven module packages as dev/mnemos/web/ for the HTTP port's "/".
// Relative asset paths, so the page works under any prefix a proxy puts in front of it.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Two pages: the lineage browser, and GraphiQL (React, its own bundle).
    rollupOptions: { input: { browser: "index.html", graphiql: "graphiql.html" } },
  },
  worker: { format: "es" },
  test: { include: ["test/**/*.test.ts"], environment: "node" },
});
