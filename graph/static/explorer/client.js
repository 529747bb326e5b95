// GraphQL over HTTP, with no imports: `boot.js` uses it to ask for the first view's data while
// the rest of the explorer is still loading.
const root = document.getElementById('app');
export const ENDPOINT = root.dataset.endpoint;
/** Where exercise images are served ('' when the server has no images folder). */
export const IMAGES = root.dataset.images;

export class ApiError extends Error {}

export const isAbort = (error) => error?.name === 'AbortError';

async function send(query, variables, signal) {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered ${response.status} without JSON.`);
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '));
  if (!response.ok || !body.data) throw new ApiError(`The API answered ${response.status}.`);
  return body.data;
}

const primed = new Map();
const arrived = new Map();
const key = (query, variables) => query + JSON.stringify(variables);

/**
 * Starts a request now; the first `request` (or `take`) for the same operation and variables
 * gets its answer instead of asking again.
 */
export function prime(query, variables) {
  const id = key(query, variables);
  const started = send(query, variables);
  primed.set(id, started);
  started.then((data) => {
    if (primed.get(id) === started) arrived.set(id, data);
  }, () => {});
}

/** The answer of a primed request if it has already arrived (so a view can show it at once). */
export function take(query, variables) {
  const id = key(query, variables);
  const data = arrived.get(id);
  if (data) {
    arrived.delete(id);
    primed.delete(id);
  }
  return data;
}

/** The `data` of one GraphQL operation; ApiError on any error, AbortError when aborted. */
export function request(query, variables = {}, signal = undefined) {
  const id = key(query, variables);
  const started = primed.get(id);
  if (started) {
    primed.delete(id);
    arrived.delete(id);
    return started;
  }
  return send(query, variables, signal);
}
