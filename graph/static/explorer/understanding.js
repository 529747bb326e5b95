// What search understood in a query, as chips, each removable.
import { html } from './html.js';
import { searchHref } from './search_state.js';

/** The part of a search's selection asking what it understood. */
export const INTERPRETATION = `interpretation {
  filters { label text } goals { label text } bodyParts { label text }
  relation { kind text exercise { slug name } } expansions { text means } terms }`;
// What each part of the interpretation is called on its chips.
const KINDS = { filters: 'filter', goals: 'goal', bodyParts: 'body part', relation: 'related',
  expansions: 'slang' };

const words = (name) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function chipLabel(item) {
  if (item.label) return item.label;
  if (item.kind && item.exercise) return `${words(item.kind)} of ${item.exercise.name}`;
  if (item.text && item.means) return `${item.text} → ${item.means}`;
  return item.text ?? item.exercise?.name ?? '';
}

/** The query with `text` taken out (how a chip is removed). */
function without(query, text) {
  const at = query.toLowerCase().indexOf(text.toLowerCase());
  if (at < 0) return query;
  return `${query.slice(0, at)} ${query.slice(at + text.length)}`.replace(/\s+/g, ' ').trim();
}

/** Chips for each understood part of `query`; removing one searches again without it. */
export function Understood({ interpretation, query, filter }) {
  if (!interpretation) return null;
  const chips = [];
  let terms = null;
  for (const [name, value] of Object.entries(interpretation)) {
    if (name === 'terms') {
      terms = value;
      continue;
    }
    for (const item of [value].flat()) {
      if (!item || typeof item !== 'object') continue;
      const text = chipLabel(item);
      if (!text) continue;
      chips.push({ key: `${name}:${text}`, kind: KINDS[name], text,
        remove: item.text });
    }
  }
  if (!chips.length && !terms?.length) return null;
  return html`<div class="understood">
    <h2 class="visually-hidden">What the search understood</h2>
    <ul class="chips" aria-label="Understood as">
      ${chips.map((chip) => html`<li key=${chip.key} class="chip" data-kind=${chip.kind}>
        <span class="chip-kind">${chip.kind}</span> ${chip.text}
        ${chip.remove && html`<a class="chip-remove"
            href=${searchHref(without(query, chip.remove), filter)}
            aria-label=${`Search again without “${chip.remove}”`}>×</a>`}
      </li>`)}
    </ul>
    ${terms?.length ? html`<p class="terms">Words searched: ${terms.join(' ')}</p>` : null}
  </div>`;
}
