"""The content model's enumerations, registered with GraphQL (values in upper case).

Registration marks the domain's own enum classes, so resolvers and types annotate with
them directly.
"""

import strawberry

from content import catalog, intensity, model, profile, store, vocabulary

for enum, name, description in (
    (model.Level, None, "How much training experience an exercise assumes."),
    (model.Category, None, "The kind of training an exercise is."),
    (model.Force, None, "Whether the working muscles push, pull or hold still."),
    (model.Mechanic, None, "Compound (several joints) or isolation (one joint)."),
    (model.Region, None, "The body region a muscle group belongs to."),
    (model.Kind, "SearchKind", "The kinds of document search can return."),
    (store.Role, None, "How an exercise uses a muscle."),
    (catalog.ExerciseSort, None, "Orders for exercise lists; ties are broken by name."),
    (intensity.Zone, None, "MET bands: light < 3, moderate 3–6, vigorous 6–9, very vigorous "
     "≥ 9."),
    (profile.Source, "ProvenanceSource", "Whether a profile part was written by an author or "
     "derived from the data."),
    (vocabulary.RelationKind, None, "Which related exercises a query asked for: alternatives "
     "(substitutes), easier versions (regressions), harder versions (progressions), or the way "
     "to the exercise and on (progression path): its lead-ups, nearest to it first, then its "
     "harder versions."),
):
    strawberry.enum(enum, name=name, description=description)
