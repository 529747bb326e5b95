// What search understood in a query, as chips: used when the API has
// `SearchConnection.interpretation`, detected once by introspection; otherwise nothing shows.
import { request } from './api.js';
import { html } from './html.js';
import { searchHref } from './search_state.js';

const TYPE = 'kind name fields { name }';
const DETECT = `query DetectInterpretation {
  connection: __type(name: "SearchConnection") { fields { name } }
  interpretation: __type(name: "Interpretation") {
    fields { name type { ${TYPE} ofType { ${TYPE} ofType { ${TYPE} ofType { ${TYPE} } } } } }
  }
}`;
// The parts of an interpreted item a chip can show, when the API has them.
const CHIP_FIELDS = ['label', 'text', 'facet', 'values', 'kind', 'means'];
// What each part of the interpretation is called on its chips (others: their field name).
const KINDS = { filters: 'filter', goals: 'goal', bodyParts: 'body part', relation: 'related',
  expansions: 'slang' };

function namedType(type) {
  let current = type;
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) {
    current = current.ofType;
  }
  return current;
}

/** The selection asking for the interpretation ('' when the API has none). */
function selectionOf(detected) {
  const has = detected.connection?.fields?.some((field) => field.name === 'interpretation');
  if (!has || !detected.interpretation?.fields) return '';
  const parts = [];
  for (const field of detected.interpretation.fields) {
    const type = namedType(field.type);
    if (!type) continue;
    if (type.kind === 'SCALAR' || type.kind === 'ENUM') {
      parts.push(field.name);
    } else if (type.kind === 'OBJECT') {
      const names = new Set(type.fields.map((sub) => sub.name));
      const wanted = CHIP_FIELDS.filter((name) => names.has(name));
      if (names.has('exercise')) wanted.push('exercise { slug name }');
      if (wanted.some((name) => ['label', 'text'].includes(name) || name.startsWith('exercise'))) {
        parts.push(`${field.name} { ${wanted.join(' ')} }`);
      }
    }
  }
  return parts.length ? `interpretation { ${parts.join(' ')} }` : '';
}

let detection = null;

/** Resolves to the interpretation selection, asking the API only once per page. */
export function interpretationSelection() {
  detection ??= request(DETECT).then(selectionOf, () => '');
  return detection;
}

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
      chips.push({ key: `${name}:${text}`, kind: KINDS[name] ?? words(name), text,
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
