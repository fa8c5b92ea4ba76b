/** Why a request to the GraphQL endpoint failed, in words a user can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** `UNREACHABLE` when no answer came, else the server's `extensions.code` (e.g. NOT_FOUND). */
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface GraphQlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Sends one GraphQL operation to the Mnemos HTTP port that served this page. */
export class GraphQlClient {
  constructor(
    private readonly endpoint: string,
    private readonly fetcher: Fetch = (input, init) => fetch(input, init),
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(this.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiError(`Cannot reach the Mnemos server at ${this.endpoint}.`, "UNREACHABLE");
    }
    let body: GraphQlResponse<T>;
    try {
      body = (await response.json()) as GraphQlResponse<T>;
    } catch {
      throw new ApiError(
        `The Mnemos server answered ${response.status} without a GraphQL response.`,
        response.status >= 500 ? "INTERNAL" : "BAD_RESPONSE",
      );
    }
    if (body.errors && body.errors.length > 0) {
      const first = body.errors[0];
      throw new ApiError(first.message, first.extensions?.code ?? "ERROR");
    }
    if (body.data == null) {
      throw new ApiError(`The Mnemos server answered ${response.status} with no data.`, "ERROR");
    }
    return body.data;
  }
}
