import { GraphQlClient } from "../api/graphql";

/** The GraphQL endpoint of the server that served this page. */
export const client = new GraphQlClient(new URL("graphql", document.baseURI).toString());
