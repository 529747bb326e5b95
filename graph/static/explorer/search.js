// The search view: search as you type with suggestions, results with highlighted snippets,
// facet filters with counts, "did you mean" and what the query was understood as.
import { isAbort, request } from './api.js';
import { html, useEffect, useId, useMemo, useRef, useState } from './html.js';
import { useLive } from './live.js';
import { Snippet } from './markup.js';
import { navigate } from './router.js';
import { FACETS, filterOf, searchHref } from './search_state.js';
import { ExerciseTags, Failure, label, nodeHref, plural, useTitle } from './ui.js';
import { INTERPRETATION, Understood } from './understanding.js';

const SUGGEST_DELAY_MS = 50;
const RESULTS_DELAY_MS = 250;
const PAGE_SIZE = 20;
const SUGGESTIONS = 8;

const NODE = `__typename
  ... on Exercise { slug name level category equipment { name } primaryMuscles { name } }
  ... on Muscle { slug name region }
  ... on Guide { slug title summary }`;
const SUGGEST = `query Suggest($prefix: String!, $first: Int!) {
  suggest(prefix: $prefix, first: $first) { text kind node { ${NODE} } } }`;
const CORRECT = `query Correct($query: String!) { search(query: $query, first: 0) { didYouMean } }`;
const FACET_FIELDS = FACETS.map(([key]) => `${key} { value label count }`).join(' ');
const PAGE = 'pageInfo { hasNextPage endCursor }';
const SEARCH = `query Search($query: String!, $filter: ExerciseFilter,
    $first: Int!, $after: String) {
  search(query: $query, filter: $filter, first: $first, after: $after) {
    totalCount didYouMean ${INTERPRETATION} facets { ${FACET_FIELDS} } ${PAGE}
    edges { highlights { field snippet } node { ${NODE} } } } }`;
const BROWSE = `query Browse($filter: ExerciseFilter, $first: Int!, $after: String) {
  exercises(filter: $filter, first: $first, after: $after) {
    totalCount facets { ${FACET_FIELDS} } ${PAGE} edges { node { ${NODE} } } } }`;

const nameOf = (node) => node.name ?? node.title;

/** One page of results, searched (`query`) or browsed (no query), in one shape. */
async function fetchResults(query, filter, after, signal) {
  const variables = { filter, first: PAGE_SIZE, after };
  if (!query) {
    const { exercises } = await request(BROWSE, variables, signal);
    return { ...exercises, didYouMean: null, interpretation: null };
  }
  const { search } = await request(SEARCH, { ...variables, query }, signal);
  return search;
}

/** Suggestions for what is typed; when none start with it, those for its correction. */
async function fetchSuggestions(prefix, signal) {
  const suggest = async (text) => (await request(SUGGEST, { prefix: text, first: SUGGESTIONS },
    signal)).suggest;
  const found = await suggest(prefix);
  if (found.length || prefix.length < 3) return { items: found, correction: null };
  const { search } = await request(CORRECT, { query: prefix }, signal);
  if (!search.didYouMean) return { items: [], correction: null };
  return { items: await suggest(search.didYouMean), correction: search.didYouMean };
}

/** The search box: a combobox whose list of suggestions follows every keystroke. */
function SearchBox({ text, setText, onCommit }) {
  const id = useId();
  const [suggestions, setSuggestions] = useState({ items: [], correction: null, for: '' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => {
    const prefix = text.trim();
    if (!prefix) {
      setSuggestions({ items: [], correction: null, for: '' });
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => fetchSuggestions(prefix, controller.signal).then(
      (found) => {
        setSuggestions({ ...found, for: prefix });
        setActive(-1);
      },
      (error) => {
        if (!isAbort(error)) setSuggestions({ items: [], correction: null, for: prefix });
      },
    ), SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);
  const { items } = suggestions;
  const shown = open && items.length > 0;
  const pick = (item) => {
    setOpen(false);
    navigate(nodeHref(item.node));
  };
  const onKeyDown = (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!items.length) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setOpen(true);
      // Positions run from -1 (back in the box) to the last suggestion, and wrap.
      const positions = items.length + 1;
      setActive((current) => (shown ? (current + 1 + step + positions) % positions - 1
        : step > 0 ? 0 : items.length - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (shown && active >= 0) pick(items[active]);
      else {
        setOpen(false);
        onCommit();
      }
    } else if (event.key === 'Escape') {
      if (shown) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text) {
        event.preventDefault();
        setText('');
      }
    }
  };
  const optionId = (index) => `${id}-option-${index}`;
  return html`<div class="searchbox" role="search">
    <label for=${`${id}-input`}>Search exercises, muscles and guides</label>
    <div class="combo">
      <input id=${`${id}-input`} type="search" value=${text} autocomplete="off" spellcheck="false"
        placeholder="e.g. deadlift, lower back, kettlebell swing"
        role="combobox" aria-autocomplete="list" aria-expanded=${shown ? 'true' : 'false'}
        aria-controls=${`${id}-list`}
        aria-activedescendant=${shown && active >= 0 ? optionId(active) : null}
        onInput=${(event) => {
          setText(event.currentTarget.value);
          setOpen(true);
        }}
        onKeyDown=${onKeyDown} onBlur=${() => setOpen(false)}
        onFocus=${() => setOpen(true)} />
      <ul id=${`${id}-list`} role="listbox" class="suggestions" hidden=${!shown}
          aria-label=${suggestions.correction ? `Suggestions for “${suggestions.correction}”`
            : 'Suggestions'}>
        ${suggestions.correction && html`<li role="presentation" class="correction">
          Suggestions for <strong>${suggestions.correction}</strong></li>`}
        ${items.map((item, index) => html`<li id=${optionId(index)} role="option"
            key=${`${item.kind}:${item.node.slug}:${item.text}`}
            aria-selected=${index === active ? 'true' : 'false'}
            class=${index === active ? 'active' : ''}
            onMouseDown=${(event) => event.preventDefault()} onClick=${() => pick(item)}>
          <span class="suggestion-text">${item.text}</span>
          ${item.text.toLowerCase() !== nameOf(item.node).toLowerCase()
            && html` <span class="suggestion-target">→ ${nameOf(item.node)}</span>`}
          <span class="kind">${label(item.kind)}</span>
        </li>`)}
      </ul>
    </div>
    <p class="visually-hidden" role="status">${text.trim() && suggestions.for === text.trim()
      ? `${plural(items.length, 'suggestion')}${
        shown && items.length ? '; use the arrow keys' : ''}`
      : ''}</p>
  </div>`;
}

function FacetGroup({ facet, heading, values, filter, query }) {
  const selected = filter[facet];
  if (!values.length && !selected) return null;
  const href = (value) => searchHref(query,
    { ...filter, [facet]: value === selected ? null : value });
  return html`<fieldset class="facet" data-facet=${facet}>
    <legend>${heading}</legend>
    <ul>
      ${values.map((value) => html`<li key=${value.value}>
        <a href=${href(value.value)} class="facet-value" data-value=${value.value}
            aria-current=${value.value === selected ? 'true' : null}
            aria-label=${`${value.value === selected ? 'Remove the filter ' : ''}${heading}: `
              + `${value.label}, ${plural(value.count, 'exercise')}`}>
          <span class="facet-label">${value.label}</span>
          <span class="count" data-count=${value.count}>${value.count}</span>
        </a></li>`)}
    </ul>
  </fieldset>`;
}

function Facets({ facets, filter, query }) {
  const active = Object.keys(filter).length;
  const [open, setOpen] = useState(() => window.matchMedia('(min-width: 50rem)').matches);
  return html`<details class="facets" open=${open}
      onToggle=${(event) => setOpen(event.currentTarget.open)}>
    <summary>Filters${active ? ` (${active} on)` : ''}</summary>
    ${active > 0 && html`<p><a href=${searchHref(query, {})}>Clear all filters</a></p>`}
    ${FACETS.map(([facet, heading]) => html`<${FacetGroup} key=${facet} facet=${facet}
      heading=${heading} values=${facets[facet]} filter=${filter} query=${query} />`)}
  </details>`;
}

function Result({ edge }) {
  const { node } = edge;
  const highlights = edge.highlights ?? [];
  const title = highlights.find((h) => h.field === 'name' || h.field === 'title');
  const others = highlights.filter((h) => h !== title).slice(0, 2);
  return html`<li class="result" data-slug=${node.slug} data-kind=${node.__typename}>
    <h3><a href=${nodeHref(node)}>${title ? html`<${Snippet} source=${title.snippet} />`
      : nameOf(node)}</a></h3>
    ${node.__typename === 'Exercise' ? html`<${ExerciseTags} exercise=${node} />`
      : html`<p class="kind-line">${node.__typename === 'Muscle'
        ? `Muscle group · ${label(node.region)}` : `Guide · ${node.summary}`}</p>`}
    ${others.map((highlight) => html`<p class="snippet" key=${highlight.field}>
      <span class="field">${label(highlight.field)}</span>${' '}
      <${Snippet} source=${highlight.snippet} />
    </p>`)}
  </li>`;
}

/** Results of the search in the URL, with further pages appended on request. */
function useResults(query, filter, version) {
  const key = JSON.stringify([query, filter]);
  const [state, setState] = useState({ page: null, edges: [], error: null, loading: true });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    fetchResults(query, filter, null, controller.signal).then(
      (page) => setState({ page, edges: page.edges, error: null, loading: false }),
      (error) => {
        if (!isAbort(error)) setState({ page: null, edges: [], error, loading: false });
      },
    );
    return () => controller.abort();
  }, [key, version]);
  const more = () => fetchResults(query, filter, state.page.pageInfo.endCursor).then(
    (next) => setState((previous) => ({
      ...previous, page: next, edges: [...previous.edges, ...next.edges] })),
    (error) => setState((previous) => ({ ...previous, error })),
  );
  return { ...state, more };
}

export function SearchView({ params }) {
  const query = params.get('q') ?? '';
  const filter = useMemo(() => filterOf(params), [params.toString()]);
  const [text, setText] = useState(query);
  const typed = useRef(query);
  // The URL changed by itself (back, a link): the box shows its query.
  useEffect(() => {
    if (query !== typed.current.trim()) {
      typed.current = query;
      setText(query);
    }
  }, [query]);
  // Typing searches after a pause, replacing the URL; Enter adds a history entry.
  useEffect(() => {
    typed.current = text;
    if (text.trim() === query) return undefined;
    const timer = setTimeout(() => navigate(searchHref(text.trim(), filter),
      { replace: true, focus: false }), RESULTS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const commit = () => navigate(searchHref(text.trim(), filter), { focus: false });
  const { generation } = useLive();
  const results = useResults(query, filter, generation);
  useTitle(query ? `“${query}”` : 'Search');
  const { page } = results;
  return html`<section class="view search-view">
    <h1 class="visually-hidden">Search the library</h1>
    <${SearchBox} text=${text} setText=${setText} onCommit=${commit} />
    ${results.error && html`<${Failure} error=${results.error} />`}
    ${page && html`<div class="search-layout">
      <${Facets} facets=${page.facets} filter=${filter} query=${query} />
      <div class="results-column" aria-busy=${results.loading ? 'true' : 'false'}>
        <h2 class="result-count" role="status" data-total=${page.totalCount}>
          ${plural(page.totalCount, 'result')}${query ? html` for “${query}”` : ''}
        </h2>
        ${page.didYouMean && html`<p class="did-you-mean">Did you mean${' '}
          <a href=${searchHref(page.didYouMean, filter)}>${page.didYouMean}</a>?</p>`}
        <${Understood} interpretation=${page.interpretation} query=${query} filter=${filter} />
        <ol class="results">
          ${results.edges.map((edge) => html`<${Result} key=${nodeHref(edge.node)}
            edge=${edge} />`)}
        </ol>
        ${page.pageInfo.hasNextPage && html`<button type="button" class="more"
          onClick=${results.more}>Show more results</button>`}
      </div>
    </div>`}
  </section>`;
}
