import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/graphql";

export type Loaded<T> = { status: "loading" } | { status: "failed"; error: ApiError } | { status: "done"; value: T };

/** Runs `load` whenever `deps` change; an answer to an older call is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: "loading" });
  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    load().then(
      (value) => current && setState({ status: "done", value }),
      (error: unknown) =>
        current &&
        setState({
          status: "failed",
          error: error instanceof ApiError ? error : new ApiError(String(error), "ERROR"),
        }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
