// The search view's state as it lives in the URL: `q` and one value per exercise filter.

/** The ExerciseFilter fields the view filters on, with their headings. */
export const FACETS = [
  ['level', 'Level'],
  ['category', 'Category'],
  ['equipment', 'Equipment'],
  ['primaryMuscle', 'Main muscle'],
  ['force', 'Force'],
  ['mechanic', 'Mechanic'],
];

/** The ExerciseFilter a URL's parameters ask for. */
export function filterOf(params) {
  const filter = {};
  for (const [key] of FACETS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter;
}

/** The URL of a search: `/?q=…&level=…`. */
export function searchHref(query, filter) {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  for (const [key] of FACETS) if (filter[key]) params.set(key, filter[key]);
  const search = params.toString();
  return search ? `/?${search}` : '/';
}
