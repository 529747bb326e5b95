// The operations behind each view's first render, with no imports, so `boot.js` can send the
// first view's while the rest of the explorer is still loading.

export const RELATED = 'exercise { slug name level equipment { name } } reason';
export const DEFAULT_MASS_KG = 70;
export const DEFAULT_MINUTES = 30;
export const MUSCLE_PAGE_SIZE = 30;

const EXERCISE_PAGE = `query ExercisePage($slug: String!, $mass: Float!, $minutes: Float!) {
  exercise(slug: $slug) {
    slug name level category force mechanic pattern instructions aliases images bodyHtml
    source sourceId license
    equipment { slug name }
    primaryMuscles { slug name } secondaryMuscles { slug name }
    variationOf { slug name }
    guides { slug title }
    related {
      variations { ${RELATED} }
      progressions { ${RELATED} }
      regressions { ${RELATED} }
    }
    profile {
      summary
      recruitment { muscle { slug name } role share }
      intensity { met zone source estimated calories(bodyMassKg: $mass, minutes: $minutes) }
      commonMistakes whoItIsFor whoShouldAvoid progressionPath safetyNotes
      counts { variations peers musclesWorked steps cohort }
      provenance { field source }
      disclaimer
    }
  }
  intensityScale { bands { zone fromMet toMet } everyday { code name met } }
}`;

const EXERCISES = `totalCount pageInfo { hasNextPage }
  edges { node { slug name level category equipment { name } } }`;
const MUSCLE_PAGE = `query MusclePage($slug: String!, $primary: Int!, $secondary: Int!) {
  muscle(slug: $slug) {
    slug name region aliases bodyHtml exerciseCount parent { slug name }
    primary: exercises(role: PRIMARY, first: $primary) { ${EXERCISES} }
    secondary: exercises(role: SECONDARY, first: $secondary) { ${EXERCISES} }
  }
}`;

const GUIDE_PAGE = `query GuidePage($slug: String!) {
  guide(slug: $slug) {
    slug title summary tags readingTimeMinutes bodyHtml
    exercises { slug name level }
    routine { day items { exercise { slug name } sets reps holdSeconds notes } }
  }
}`;

const PROBLEM = 'path line column field message suggestion';
export const STATUS_FIELDS = `version loadedAt
  documents { exercises muscles guides equipment }
  errors { ${PROBLEM} } warnings { ${PROBLEM} } stale { path since }`;
export const CONTENT_STATUS = `query ContentStatus { contentStatus { ${STATUS_FIELDS} } }`;

/** Each page's operation and variables: [query, variables]. */
export const exerciseRequest = (slug) => [EXERCISE_PAGE,
  { slug, mass: DEFAULT_MASS_KG, minutes: DEFAULT_MINUTES }];
export const muscleRequest = (slug, sizes = {
  primary: MUSCLE_PAGE_SIZE, secondary: MUSCLE_PAGE_SIZE }) => [MUSCLE_PAGE, { slug, ...sizes }];
export const guideRequest = (slug) => [GUIDE_PAGE, { slug }];

const PAGE_REQUESTS = { exercise: exerciseRequest, muscle: muscleRequest, guide: guideRequest };

/** What a route shows first: the content status (every view has the badge) and its page. */
export function firstRequests(route) {
  const page = PAGE_REQUESTS[route.view];
  return [[CONTENT_STATUS, {}], ...(page ? [page(route.slug)] : [])];
}
