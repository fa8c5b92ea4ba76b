import { useEffect, useRef, useState } from "preact/hooks";
import { search } from "../api/queries";
import type { SearchAnswer, SearchHit } from "../api/types";
import { nodeLabel, shortType } from "../model/format";
import { nodeHref } from "../model/routes";
import { highlightSegments, indexLag, kindLabel, moveSelection, rankHits } from "../model/searchResults";
import { client } from "./client";
import { StateBadge } from "./links";
import { ErrorMessage, Loading } from "./Message";
import { useLoad } from "./useLoad";

const DEBOUNCE_MILLIS = 200;

/**
 * One box: what is typed is searched as the user types; hits best first whatever their kind, more
 * on request; arrows pick a hit, Enter opens it (the best one when none is picked).
 */
export function SearchPage({ query, onQuery }: { query: string; onQuery: (q: string) => void }) {
  const [text, setText] = useState(query);
  const [selected, setSelected] = useState(-1);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => setText(query), [query]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (text === query) {
      return;
    }
    const timer = setTimeout(() => onQuery(text), DEBOUNCE_MILLIS);
    return () => clearTimeout(timer);
  }, [text]);

  const answer = useLoad<SearchAnswer | null>(
    () => (query.trim() === "" ? Promise.resolve(null) : search(client, query)),
    [query],
  );
  const [more, setMore] = useState<{ pages: SearchHit[][]; cursor: string | null; loading: boolean }>({
    pages: [],
    cursor: null,
    loading: false,
  });
  useEffect(() => {
    setSelected(-1);
    setMore({ pages: [], cursor: null, loading: false });
  }, [query]);

  const first = answer.status === "done" && answer.value ? answer.value.search : null;
  const listed = first ? rankHits([first.hits, ...more.pages]) : [];
  const cursor = more.pages.length > 0 ? more.cursor : (first?.pageInfo.endCursor ?? null);
  const hasMore = more.pages.length > 0 ? more.cursor != null : (first?.pageInfo.hasNextPage ?? false);

  async function loadMore() {
    setMore({ ...more, loading: true });
    const next = await search(client, query, 30, cursor);
    setMore({
      pages: [...more.pages, next.search.hits],
      cursor: next.search.pageInfo.hasNextPage ? (next.search.pageInfo.endCursor ?? null) : null,
      loading: false,
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setSelected(moveSelection(selected, listed.length, event.key));
    } else if (event.key === "Enter" && listed.length > 0) {
      event.preventDefault();
      const hit = listed[Math.max(selected, 0)];
      location.hash = nodeHref(hit.node.kind, hit.node.id);
    } else if (event.key === "Escape") {
      setText("");
      onQuery("");
    }
  }

  return (
    <section class="search-page">
      <label class="search-label" for="search-box">
        Search artifacts, executions and contexts by name, type, URI or property
      </label>
      <input
        id="search-box"
        ref={input}
        class="search-box"
        type="search"
        placeholder="model, type:Model uri:churn, accuracy…"
        autocomplete="off"
        value={text}
        aria-controls="search-results"
        aria-activedescendant={selected >= 0 ? `hit-${selected}` : undefined}
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
      {answer.status === "loading" && query !== "" && <Loading what="results" />}
      {answer.status === "failed" && <ErrorMessage error={answer.error} what="search results" />}
      {answer.status === "done" && answer.value && (
        <div id="search-results" role="listbox" aria-label="Search results">
          <p class="search-summary">
            {answer.value.search.totalHits === 0
              ? `Nothing matches “${query}”.`
              : `${answer.value.search.totalHits} match${answer.value.search.totalHits === 1 ? "" : "es"}`}
            {indexLag(answer.value.searchStatus.lagMillis) && (
              <span class="lag" role="status">
                {" "}
                — the search index is {indexLag(answer.value.searchStatus.lagMillis)}; the newest writes may be missing
              </span>
            )}
          </p>
          <ul>
            {listed.map((hit, index) => {
              return (
                <li
                  key={`${hit.node.kind}${hit.node.id}`}
                  id={`hit-${index}`}
                  role="option"
                  aria-selected={index === selected}
                  class={index === selected ? "hit selected" : "hit"}
                >
                  <a href={nodeHref(hit.node.kind, hit.node.id)}>
                    <span class="kind">{kindLabel(hit.node.kind)}</span>
                    <span class="hit-name">{nodeLabel(hit.node)}</span>
                    <span class="type">{shortType(hit.node.typeName)}</span>
                    <StateBadge state={hit.node.state} />
                  </a>
                  {hit.node.uri && <div class="uri">{hit.node.uri}</div>}
                  {hit.highlights.map((highlight) => (
                    <div class="highlight" key={highlight.field}>
                      <span class="field">{highlight.field}</span>
                      {highlight.fragments.map((fragment, i) => (
                        <span class="fragment" key={i}>
                          {highlightSegments(fragment).map((segment, j) =>
                            segment.match ? <mark key={j}>{segment.text}</mark> : segment.text,
                          )}
                        </span>
                      ))}
                    </div>
                  ))}
                </li>
              );
            })}
          </ul>
          {hasMore && (
            <button type="button" class="more" disabled={more.loading} onClick={() => void loadMore()}>
              {more.loading ? "Loading…" : `More (${listed.length} of ${first?.totalHits ?? 0} shown)`}
            </button>
          )}
        </div>
      )}
      {query === "" && (
        <p class="hint">
          Plain words match any field; <code>type:Model</code>, <code>uri:churn</code> or <code>name:train</code> limit
          a word to one. Press <kbd>/</kbd> anywhere to come back here.
        </p>
      )}
    </section>
  );
}
