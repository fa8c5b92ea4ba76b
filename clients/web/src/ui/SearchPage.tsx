import { useEffect, useRef, useState } from "preact/hooks";
import { search } from "../api/queries";
import type { SearchAnswer } from "../api/types";
import { nodeLabel, shortType } from "../model/format";
import { nodeHref } from "../model/routes";
import { groupHits, highlightSegments, indexLag, listedOrder, moveSelection } from "../model/searchResults";
import { client } from "./client";
import { StateBadge } from "./links";
import { ErrorMessage, Loading } from "./Message";
import { useLoad } from "./useLoad";

const DEBOUNCE_MILLIS = 200;

/** One box: what is typed is searched as the user types; arrows pick a hit, Enter opens it. */
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
  useEffect(() => setSelected(-1), [query]);

  const groups = answer.status === "done" && answer.value ? groupHits(answer.value.search.hits) : [];
  const listed = listedOrder(groups);

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
          {groups.map((group) => (
            <div class="hit-group" key={group.kind}>
              <h2>{group.title}</h2>
              <ul>
                {group.hits.map((hit) => {
                  const index = listed.indexOf(hit);
                  return (
                    <li
                      key={`${hit.node.kind}${hit.node.id}`}
                      id={`hit-${index}`}
                      role="option"
                      aria-selected={index === selected}
                      class={index === selected ? "hit selected" : "hit"}
                    >
                      <a href={nodeHref(hit.node.kind, hit.node.id)}>
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
            </div>
          ))}
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
