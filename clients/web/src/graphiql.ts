// GraphiQL, bundled with the browser so it works where the cluster reaches no CDN. It is a React
// application; the lineage browser is Preact: this page is its own entry, with React alone.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import "./graphiql.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

const DEFAULT_QUERY = `# Mnemos: lineage, runs, metrics and search over ML Metadata.
# Examples: docs/graphql.md in the repository.
{
  searchStatus { indexedUpTo lagMillis documents }
  runs(input: {first: 5}) {
    totalCount
    nodes { id name pipeline state startTime metrics { name step value } }
  }
}
`;

// Relative to the page, so it works under any prefix a proxy puts in front of it.
const fetcher = createGraphiQLFetcher({ url: new URL("graphql", window.location.href).toString() });
const root = document.getElementById("graphiql");
if (root != null) {
  root.textContent = "";
  createRoot(root).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY }));
}
