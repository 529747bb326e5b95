// The exercise page: the exercise, its related exercises and its derived profile.
import { IMAGES, useQuery } from './api.js';
import { IntensityChart, RecruitmentChart } from './charts.js';
import { html, useEffect, useId, useState } from './html.js';
import { useLive } from './live.js';
import { SanitisedHtml } from './markup.js';
import { DEFAULT_MASS_KG, DEFAULT_MINUTES, RELATED, exerciseRequest } from './queries.js';
import {
  ExerciseTags, Failure, Loading, NotFound, exerciseHref, guideHref, label, muscleHref, plural,
  useTitle,
} from './ui.js';

const PEERS_PAGE = 10;
const PEERS = `query Peers($slug: String!, $first: Int!) { exercise(slug: $slug) { related {
  peers(first: $first) { totalCount edges { node { slug name level } } } } } }`;
const SUBSTITUTES = `query Substitutes($slug: String!, $equipment: [String!], $maxLevel: Level) {
  equipment { slug name }
  exercise(slug: $slug) { related {
    substitutes(equipment: $equipment, maxLevel: $maxLevel, first: 8) { ${RELATED} } } } }`;
const CALORIES = `query Calories($slug: String!, $mass: Float!, $minutes: Float!) {
  exercise(slug: $slug) { profile { intensity {
    calories(bodyMassKg: $mass, minutes: $minutes) } } } }`;

function Provenance({ profile, field }) {
  const source = profile.provenance.find((item) => item.field === field)?.source;
  if (!source) return null;
  const authored = source === 'AUTHORED';
  return html`<span class=${`provenance ${authored ? 'authored' : 'derived'}`}
      title=${authored ? 'Written by the content author' : 'Derived from the exercise data'}>
    ${authored ? 'authored' : 'derived'}</span>`;
}

function RelatedList({ items, empty }) {
  if (!items.length) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="related">${items.map((item) => html`<li key=${item.exercise.slug}>
    <a href=${exerciseHref(item.exercise.slug)}>${item.exercise.name}</a>
    <span class="tag">${label(item.exercise.level)}</span>
    <p class="reason">${item.reason}</p></li>`)}</ul>`;
}

function Images({ exercise }) {
  const [failed, setFailed] = useState(() => new Set());
  if (!IMAGES || !exercise.images.length) return null;
  const shown = exercise.images.filter((path) => !failed.has(path));
  if (!shown.length) return null;
  const url = (path) => IMAGES + path.split('/').map(encodeURIComponent).join('/');
  return html`<div class="images">${shown.map((path, index) => html`<img key=${path}
    src=${url(path)}
    alt=${`${exercise.name}, picture ${index + 1} of ${shown.length}`} loading="lazy"
    onError=${() => setFailed((previous) => new Set(previous).add(path))} />`)}</div>`;
}

function Muscles({ exercise }) {
  const list = (muscles) => muscles.map((muscle, index) => html`${index ? ', ' : ''}<a
    href=${muscleHref(muscle.slug)} key=${muscle.slug}>${muscle.name}</a>`);
  return html`<dl class="facts">
    <dt>Main muscles</dt><dd>${list(exercise.primaryMuscles)}</dd>
    ${exercise.secondaryMuscles.length > 0 && html`<dt>Also works</dt>
      <dd>${list(exercise.secondaryMuscles)}</dd>`}
    ${exercise.pattern && html`<dt>Movement pattern</dt><dd>${label(exercise.pattern)}</dd>`}
    ${exercise.force && html`<dt>Force</dt><dd>${label(exercise.force)}</dd>`}
    ${exercise.mechanic && html`<dt>Mechanic</dt><dd>${label(exercise.mechanic)}</dd>`}
    ${exercise.variationOf && html`<dt>Variation of</dt>
      <dd><a href=${exerciseHref(exercise.variationOf.slug)}>${exercise.variationOf.name}</a></dd>`}
  </dl>`;
}

/** The body's notes: the Markdown body without the numbered steps shown above it. */
function Notes({ exercise }) {
  const dropSteps = (body) => {
    const steps = body.querySelector(':scope > ol');
    if (steps && steps.children.length === exercise.instructions.length) steps.remove();
  };
  return html`<${SanitisedHtml} source=${exercise.bodyHtml} transform=${dropSteps}
    className="prose notes" />`;
}

function Peers({ slug, total, generation }) {
  const [first, setFirst] = useState(PEERS_PAGE);
  const { data, error } = useQuery(PEERS, { slug, first }, { refresh: generation });
  const peers = data?.exercise?.related.peers;
  return html`<section aria-labelledby="peers">
    <h3 id="peers">Peers <span class="count">${peers?.totalCount ?? total}</span></h3>
    <p class="hint">Other exercises with a main muscle in common.</p>
    ${error && html`<${Failure} error=${error} />`}
    ${peers && html`<ul class="peers">${peers.edges.map(({ node }) => html`<li key=${node.slug}>
      <a href=${exerciseHref(node.slug)}>${node.name}</a></li>`)}</ul>`}
    ${peers && peers.edges.length < peers.totalCount && html`<button type="button"
      onClick=${() => setFirst(Math.min(first + PEERS_PAGE * 2, 100))}>Show more peers</button>`}
  </section>`;
}

function Substitutes({ slug, generation }) {
  const id = useId();
  const [limited, setLimited] = useState(false);
  const [have, setHave] = useState([]);
  const [maxLevel, setMaxLevel] = useState('');
  const variables = { slug, equipment: limited ? have : null, maxLevel: maxLevel || null };
  const { data, error, loading } = useQuery(SUBSTITUTES, variables, { refresh: generation });
  const toggle = (slugOf) => setHave((previous) => (previous.includes(slugOf)
    ? previous.filter((item) => item !== slugOf) : [...previous, slugOf].sort()));
  return html`<section aria-labelledby=${`${id}-heading`} class="substitutes">
    <h3 id=${`${id}-heading`}>Substitutes</h3>
    <fieldset class="picker">
      <legend>What do you have?</legend>
      <label><input type="checkbox" checked=${limited}
        onChange=${(event) => setLimited(event.currentTarget.checked)} /> Only equipment I
        have (body-weight exercises always count)</label>
      ${limited && html`<div class="equipment-choices">${(data?.equipment ?? []).map((item) =>
        html`<label key=${item.slug}><input type="checkbox" value=${item.slug}
          checked=${have.includes(item.slug)} onChange=${() => toggle(item.slug)} />
          ${item.name}</label>`)}</div>`}
      <label for=${`${id}-level`}>Hardest level</label>
      <select id=${`${id}-level`} value=${maxLevel}
          onChange=${(event) => setMaxLevel(event.currentTarget.value)}>
        <option value="">Any</option>
        <option value="BEGINNER">Beginner</option>
        <option value="INTERMEDIATE">Intermediate</option>
        <option value="EXPERT">Expert</option>
      </select>
    </fieldset>
    <div aria-live="polite" aria-busy=${loading ? 'true' : 'false'}>
      ${error && html`<${Failure} error=${error} />`}
      ${data?.exercise && html`<${RelatedList} items=${data.exercise.related.substitutes}
        empty="No substitute fits that equipment and level." />`}
    </div>
  </section>`;
}

function Calories({ slug, intensity }) {
  const id = useId();
  const [mass, setMass] = useState(String(DEFAULT_MASS_KG));
  const [minutes, setMinutes] = useState(String(DEFAULT_MINUTES));
  const valid = (text, low, high) => Number(text) >= low && Number(text) <= high;
  const ok = valid(mass, 20, 400) && valid(minutes, 1, 600);
  const unchanged = Number(mass) === DEFAULT_MASS_KG && Number(minutes) === DEFAULT_MINUTES;
  const { data } = useQuery(CALORIES, { slug, mass: Number(mass), minutes: Number(minutes) },
    { skip: !ok || unchanged });
  const calories = unchanged ? intensity.calories : data?.exercise?.profile.intensity.calories;
  return html`<form class="calories" onSubmit=${(event) => event.preventDefault()}>
    <label for=${`${id}-mass`}>Body mass (kg)</label>
    <input id=${`${id}-mass`} type="number" inputmode="decimal" min="20" max="400" step="0.5"
      value=${mass} onInput=${(event) => setMass(event.currentTarget.value)} />
    <label for=${`${id}-minutes`}>Minutes</label>
    <input id=${`${id}-minutes`} type="number" inputmode="numeric" min="1" max="600" step="1"
      value=${minutes} onInput=${(event) => setMinutes(event.currentTarget.value)} />
    <output for=${`${id}-mass ${id}-minutes`} aria-live="polite" class="kcal">
      ${!ok ? 'Enter a body mass of 20–400 kg and 1–600 minutes.'
        : calories == null ? '…'
          : html`About <strong data-kcal=${calories}>${Math.round(calories)} kcal</strong>${
            ` in ${minutes} minutes at ${mass} kg`}`}
    </output>
  </form>`;
}

function ListSection({ title, items, profile, field }) {
  if (!items.length) return null;
  return html`<section class="profile-part">
    <h3>${title} <${Provenance} profile=${profile} field=${field} /></h3>
    <ul>${items.map((item) => html`<li key=${item}>${item}</li>`)}</ul>
  </section>`;
}

function Profile({ exercise, scale }) {
  const { profile } = exercise;
  const { intensity } = profile;
  return html`<section aria-labelledby="profile" class="profile">
    <h2 id="profile">Profile</h2>
    <p class="notice" role="note">${profile.disclaimer}</p>
    <p class="summary">${profile.summary} <${Provenance} profile=${profile} field="summary" /></p>
    <div class="charts">
      <section class="profile-part">
        <h3>Muscle recruitment <${Provenance} profile=${profile} field="recruitment" /></h3>
        <${RecruitmentChart} recruitment=${profile.recruitment} />
      </section>
      <section class="profile-part">
        <h3>Intensity <${Provenance} profile=${profile} field="intensity" /></h3>
        <p class="met" data-zone=${intensity.zone} data-met=${intensity.met}>
          <strong>${intensity.met.toFixed(1)} MET</strong> · ${label(intensity.zone).toLowerCase()}
          ${intensity.estimated && html` · <span class="estimated">estimated</span>`}</p>
        <${IntensityChart} name=${exercise.name} intensity=${intensity} scale=${scale} />
        <p class="source">Source: ${intensity.source}</p>
        <${Calories} slug=${exercise.slug} intensity=${intensity} />
      </section>
    </div>
    <${ListSection} title="Who it is for" items=${profile.whoItIsFor} profile=${profile}
      field="whoItIsFor" />
    <${ListSection} title="Who should avoid it" items=${profile.whoShouldAvoid}
      profile=${profile} field="whoShouldAvoid" />
    <${ListSection} title="Common mistakes" items=${profile.commonMistakes} profile=${profile}
      field="commonMistakes" />
    <${ListSection} title="Safety notes" items=${profile.safetyNotes} profile=${profile}
      field="safetyNotes" />
    ${profile.progressionPath && html`<section class="profile-part">
      <h3>Progression path <${Provenance} profile=${profile} field="progressionPath" /></h3>
      <p>${profile.progressionPath}</p></section>`}
  </section>`;
}

export function ExercisePage({ slug }) {
  const { generation } = useLive();
  const { data, error } = useQuery(...exerciseRequest(slug), { refresh: generation });
  const exercise = data?.exercise;
  useTitle(exercise?.name ?? slug);
  useEffect(() => {
    if (exercise && !performance.getEntriesByName('explorer-exercise-rendered').length) {
      performance.mark('explorer-exercise-rendered');
    }
  }, [exercise]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} what="Loading the exercise" />`;
  if (!exercise) return html`<${NotFound} kind="exercise" slug=${slug} />`;
  const { related } = exercise;
  return html`<article class="view exercise" data-slug=${exercise.slug}>
    <header class="page-head">
      <p class="kind-line">Exercise</p>
      <h1>${exercise.name}</h1>
      <${ExerciseTags} exercise=${exercise} />
      ${exercise.aliases.length > 0 && html`<p class="aliases">${
        `Also called ${exercise.aliases.join(', ')}`}</p>`}
    </header>
    <div class="exercise-top">
      <${Images} exercise=${exercise} />
      <${Muscles} exercise=${exercise} />
    </div>
    <section aria-labelledby="how">
      <h2 id="how">How to do it</h2>
      <ol class="steps">${exercise.instructions.map((step, index) =>
        html`<li key=${index}>${step}</li>`)}</ol>
      <${Notes} exercise=${exercise} />
    </section>
    <${Profile} exercise=${exercise} scale=${data.intensityScale} />
    <section aria-labelledby="related" class="related-all">
      <h2 id="related">Related exercises</h2>
      <div class="related-grid">
        <section aria-labelledby="variations"><h3 id="variations">Variations</h3>
          <${RelatedList} items=${related.variations} empty="No variations." /></section>
        <${Peers} slug=${slug} total=${exercise.profile.counts.peers} generation=${generation} />
        <${Substitutes} slug=${slug} generation=${generation} />
        <section aria-labelledby="progressions"><h3 id="progressions">Progressions</h3>
          <p class="hint">Harder, for the same muscles and pattern.</p>
          <${RelatedList} items=${related.progressions} empty="Nothing harder found." /></section>
        <section aria-labelledby="regressions"><h3 id="regressions">Regressions</h3>
          <p class="hint">Easier, for the same muscles and pattern.</p>
          <${RelatedList} items=${related.regressions} empty="Nothing easier found." /></section>
      </div>
    </section>
    ${exercise.guides.length > 0 && html`<section aria-labelledby="guides">
      <h2 id="guides">In the guides</h2>
      <ul>${exercise.guides.map((guide) => html`<li key=${guide.slug}>
        <a href=${guideHref(guide.slug)}>${guide.title}</a></li>`)}</ul></section>`}
    <p class="credits">${[exercise.source && `Source: ${exercise.source}`,
      exercise.sourceId && `id ${exercise.sourceId}`,
      exercise.license && `licence ${exercise.license}`,
      plural(exercise.profile.counts.steps, 'step')].filter(Boolean).join(' · ')}</p>
  </article>`;
}
