// Content status for authors: every problem in the files on disk, updated as they are saved.
import { html } from './html.js';
import { shortVersion, useLive } from './live.js';
import { Loading, plural, useTitle } from './ui.js';

const time = (iso) => new Date(iso).toLocaleTimeString('en-GB');

function Problem({ problem, severity, stale }) {
  const where = [problem.path, problem.line, problem.column].filter((part) => part != null)
    .join(':');
  return html`<li class=${`problem ${severity}`} data-path=${problem.path}
      data-line=${problem.line ?? ''} data-column=${problem.column ?? ''}>
    <p class="where"><code>${where}</code>
      ${problem.field && html` <span class="field-name">${problem.field}</span>`}
      ${stale && html` <span class="stale-mark"
        title="The last valid version is served">stale</span>`}
    </p>
    <p class="message"><span class="visually-hidden">${severity}: </span>${problem.message}</p>
    ${problem.suggestion && html`<p class="suggestion">Suggestion: ${problem.suggestion}</p>`}
  </li>`;
}

function Problems({ id, title, problems, severity, stale }) {
  return html`<section aria-labelledby=${id} class=${`problems ${severity}s`}>
    <h2 id=${id}>${title} <span class="count">${problems.length}</span></h2>
    ${problems.length ? html`<ol>${problems.map((problem) => html`<${Problem}
        key=${`${problem.path}:${problem.line}:${problem.column}:${problem.message}`}
        problem=${problem} severity=${severity} stale=${stale.has(problem.path)} />`)}</ol>`
      : html`<p class="empty">None.</p>`}
  </section>`;
}

export function StatusView() {
  const { status, connected, changes } = useLive();
  useTitle('Content status');
  if (!status) return html`<${Loading} what="Loading the content status" />`;
  const stale = new Set(status.stale.map((item) => item.path));
  const { documents } = status;
  return html`<section class="view status" data-version=${status.version}>
    <header class="page-head">
      <h1>Content status</h1>
      <p>What <code>exgraph check</code> says about the files being served, updated as they
        are saved${connected ? '' : ' (reconnecting…)'}.</p>
      <p class="summary" role="status" aria-live="polite">
        Version <code title=${status.version}>${shortVersion(status.version)}</code>${
        `, loaded ${time(status.loadedAt)}: ${plural(status.errors.length, 'error')}, `
        + `${plural(status.warnings.length, 'warning')}`
        + `${changes ? ` · ${plural(changes, 'update')} received live` : ''}.`}
      </p>
      <p class="documents">${[plural(documents.exercises, 'exercise'),
        plural(documents.muscles, 'muscle'), plural(documents.guides, 'guide'),
        plural(documents.equipment, 'equipment entry', 'equipment entries')].join(', ')}.</p>
    </header>
    ${status.stale.length > 0 && html`<section aria-labelledby="stale" class="stale">
      <h2 id="stale">Stale documents <span class="count">${status.stale.length}</span></h2>
      <p class="hint">Their files are broken, so the last valid version is still served.</p>
      <ul>${status.stale.map((item) => html`<li key=${item.path} data-path=${item.path}>
        <code>${item.path}</code>, broken since ${time(item.since)}</li>`)}</ul>
    </section>`}
    <${Problems} id="errors" title="Errors" problems=${status.errors} severity="error"
      stale=${stale} />
    <${Problems} id="warnings" title="Warnings" problems=${status.warnings} severity="warning"
      stale=${stale} />
  </section>`;
}
