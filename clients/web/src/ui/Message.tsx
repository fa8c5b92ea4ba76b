import type { ApiError } from "../api/graphql";

/** A failed load, said plainly: unreachable server, missing node, or the server's message. */
export function ErrorMessage({ error, what }: { error: ApiError; what: string }) {
  const text =
    error.code === "UNREACHABLE"
      ? `${error.message} Is it running? The page retries when you navigate again.`
      : `Could not load ${what}: ${error.message}`;
  return (
    <div class="message error" role="alert">
      {text}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div class="message" aria-busy="true">
      Loading {what}…
    </div>
  );
}

export function NotFound({ what }: { what: string }) {
  return (
    <div class="message error" role="alert">
      {what} does not exist.
    </div>
  );
}
