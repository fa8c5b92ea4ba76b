import { useEffect, useState } from "preact/hooks";
import { formatRoute, parseRoute, type Route } from "../model/routes";
import { ComparePage } from "./ComparePage";
import { LineagePage } from "./LineagePage";
import { NodePage } from "./NodePage";
import { RunPage } from "./RunPage";
import { RunsPage } from "./RunsPage";
import { SearchPage } from "./SearchPage";

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

/** The page for the address in the URL fragment, under a header that is the same everywhere. */
export function App() {
  const route = useRoute();

  useEffect(() => {
    // "/" jumps to the search box from anywhere but a text field, as on most sites.
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
      if (event.key === "/" && !typing) {
        event.preventDefault();
        if (route.page === "home") {
          document.getElementById("search-box")?.focus();
        } else {
          location.hash = formatRoute({ page: "home", query: "" });
        }
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [route.page]);

  useEffect(() => {
    document.title = `Mnemos — ${titleOf(route)}`;
  }, [route]);

  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          Mnemos
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.page === "home" ? "page" : undefined}>
            Search
          </a>
          <a
            href="#/runs"
            aria-current={
              route.page === "runs" || route.page === "run" || route.page === "compare" ? "page" : undefined
            }
          >
            Runs
          </a>
          <a href="graphiql">GraphiQL</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "home":
      return <SearchPage query={route.query} onQuery={showSearch} />;
    case "node":
      return <NodePage kind={route.kind} id={route.id} />;
    case "lineage":
      return (
        <LineagePage
          kind={route.kind}
          id={route.id}
          depth={route.depth}
          direction={route.direction}
          onlyRun={route.onlyRun ?? null}
        />
      );
    case "runs":
      // A link to another view of the table starts it afresh (its own changes only replace the URL).
      return <RunsPage key={formatRoute(route)} route={route} />;
    case "run":
      return <RunPage id={route.id} />;
    case "compare":
      return <ComparePage runIds={route.runIds} />;
    case "unknown":
      return (
        <div class="message error" role="alert">
          There is no page at “{route.hash}”. Try the <a href="#/">search</a>.
        </div>
      );
  }
}

/** Typing replaces the address rather than adding one history entry per keystroke. */
function showSearch(query: string) {
  history.replaceState(null, "", formatRoute({ page: "home", query }));
  dispatchEvent(new HashChangeEvent("hashchange"));
}

function titleOf(route: Route): string {
  switch (route.page) {
    case "home":
      return route.query ? `search “${route.query}”` : "search";
    case "node":
      return `${route.kind.toLowerCase()} ${route.id}`;
    case "lineage":
      return `lineage of ${route.kind.toLowerCase()} ${route.id}`;
    case "runs":
      return route.pipeline ? `runs of ${route.pipeline}` : "runs";
    case "run":
      return `run ${route.id}`;
    case "compare":
      return "compare runs";
    case "unknown":
      return "no such page";
  }
}
