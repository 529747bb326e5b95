"""The content model's enumerations, exposed to GraphQL in upper case."""

import strawberry

from content import catalog, model, store

Level = strawberry.enum(model.Level, description="How much training experience an exercise "
                        "assumes.")
Category = strawberry.enum(model.Category, description="The kind of training an exercise is.")
Force = strawberry.enum(model.Force, description="Whether the working muscles push, pull or "
                        "hold still.")
Mechanic = strawberry.enum(model.Mechanic, description="Compound (several joints) or isolation "
                           "(one joint).")
Region = strawberry.enum(model.Region, description="The body region a muscle group belongs to.")
Role = strawberry.enum(store.Role, description="How an exercise uses a muscle.")
ExerciseSort = strawberry.enum(catalog.ExerciseSort, description="Orders for exercise lists; "
                               "ties are broken by name.")
