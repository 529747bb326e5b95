// Hand-written SVG charts of an exercise's profile: muscle recruitment and intensity.
import { html, useId } from './html.js';
import { label } from './ui.js';

const WIDTH = 360;
const ROW = 34;
const BAR = 14;

const percent = (share) => `${Number.isInteger(share) ? share : share.toFixed(1)} %`;

/** Each muscle's share of the effort, as bars; the shares sum to 100 %. */
export function RecruitmentChart({ recruitment }) {
  const id = useId();
  const total = recruitment.reduce((sum, item) => sum + item.share, 0);
  const height = recruitment.length * ROW + 26;
  const summary = recruitment.map((item) =>
    `${item.muscle.name} ${percent(item.share)} (${label(item.role).toLowerCase()})`).join(', ');
  return html`<figure class="chart recruitment">
    <svg viewBox=${`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby=${`${id}-title`}
        aria-describedby=${`${id}-desc`}>
      <title id=${`${id}-title`}>Muscle recruitment</title>
      <desc id=${`${id}-desc`}>${summary}; ${percent(Math.round(total * 10) / 10)} in all.</desc>
      ${recruitment.map((item, index) => {
        const y = index * ROW;
        return html`<g key=${item.muscle.slug} class=${`share ${item.role.toLowerCase()}`}
            data-muscle=${item.muscle.slug} data-role=${item.role} data-share=${item.share}>
          <text x="0" y=${y + 12} class="chart-label">${item.muscle.name}
            <tspan class="chart-note"> · ${label(item.role).toLowerCase()}</tspan></text>
          <rect x="0" y=${y + 17} width=${WIDTH - 52} height=${BAR} class="track" rx="2" />
          <rect x="0" y=${y + 17} width=${((WIDTH - 52) * item.share) / 100} height=${BAR}
            class="bar" rx="2" />
          <text x=${WIDTH} y=${y + 29} text-anchor="end" class="chart-value">${
            percent(item.share)}</text>
        </g>`;
      })}
      <text x=${WIDTH} y=${height - 4} text-anchor="end" class="chart-total"
        data-total=${total}>Total ${percent(Math.round(total * 10) / 10)}</text>
    </svg>
    <figcaption>Share of the effort per muscle: a heuristic from the primary and secondary
      muscle lists, not a measurement.</figcaption>
  </figure>`;
}

/** The scale's zones, the last without an upper limit. */
const bandsOf = (scale) => scale.bands.map((band) => ({
  zone: band.zone, from: band.fromMet, to: band.toMet ?? Infinity }));

/** The exercise's MET beside everyday activities, over the four intensity zones. */
export function IntensityChart({ name, intensity, scale: reference }) {
  const id = useId();
  const zones = bandsOf(reference);
  const activities = reference.everyday;
  const zoneOf = (met) => zones.find((band) => met < band.to).zone;
  const top = Math.max(12, Math.ceil(intensity.met) + 1);
  const left = 0;
  const scale = (met) => left + ((WIDTH - left) * met) / top;
  const rows = [...activities.map((activity) => ({ ...activity, own: false })),
    { name, met: intensity.met, own: true }].sort((a, b) => a.met - b.met || a.own - b.own);
  const head = 30;
  const height = head + rows.length * ROW + 18;
  return html`<figure class="chart intensity">
    <svg viewBox=${`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby=${`${id}-title`}
        aria-describedby=${`${id}-desc`}>
      <title id=${`${id}-title`}>Intensity in METs</title>
      <desc id=${`${id}-desc`}>${name}: ${intensity.met} MET, ${
        label(intensity.zone).toLowerCase()}.
        ${activities.map((a) => `${a.name}: ${a.met} MET`).join('; ')}.</desc>
      ${zones.map((band) => html`<g key=${band.zone} class=${`zone zone-${band.zone.toLowerCase()}`}
          data-zone=${band.zone} data-from=${band.from} data-to=${Math.min(band.to, top)}
          data-x=${scale(band.from)} data-width=${scale(Math.min(band.to, top)) - scale(band.from)}>
        <rect x=${scale(band.from)} y="0" width=${scale(Math.min(band.to, top)) - scale(band.from)}
          height=${height - 18} />
        <text x=${scale(band.from) + 3} y="12" class="zone-name">${
          label(band.zone).toLowerCase()}</text>
      </g>`)}
      ${rows.map((row, index) => {
        const y = head + index * ROW;
        return html`<g key=${row.name} class=${row.own ? 'activity own' : 'activity'}
            data-met=${row.met} data-zone=${row.own ? intensity.zone : zoneOf(row.met)}>
          <text x="3" y=${y + 10} class="chart-label">${row.name}${row.code
            ? html`<tspan class="chart-note"> (${row.code})</tspan>` : null}</text>
          <rect x=${left} y=${y + 15} width=${scale(row.met) - left} height=${BAR - 2}
            class="bar" rx="2" />
          <text x=${Math.min(scale(row.met) + 4, WIDTH - 4)} y=${y + 25}
            text-anchor=${scale(row.met) > WIDTH - 60 ? 'end' : 'start'}
            class=${scale(row.met) > WIDTH - 60 ? 'chart-value inverse' : 'chart-value'}>${
            row.met.toFixed(1)}</text>
        </g>`;
      })}
      ${[0, 3, 6, 9, top].map((met) => html`<text key=${met}
        x=${Math.min(scale(met) + 2, WIDTH - 2)}
        y=${height - 4} class="axis" text-anchor=${met === top ? 'end' : 'start'}>${met}</text>`)}
    </svg>
    <figcaption>METs (multiples of resting energy use): light under 3, moderate 3–6,
      vigorous 6–9, very vigorous 9 and over. Activities from the 2011 Compendium of Physical
      Activities.</figcaption>
  </figure>`;
}
