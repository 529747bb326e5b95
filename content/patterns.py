"""The movement-pattern model: pattern families, loading and intrinsic difficulty.

Every exercise belongs to one movement pattern (a squat, a vertical pull, a hamstring
stretch…), and every pattern to one training family (general strength, Olympic lifting,
plyometrics, cardio…). Within a pattern an exercise's difficulty is the sum of the weights
of its traits (load path, stability, assistance, lever, range, one limb, added load), each
with the reason a coach would give. Only exercises of the same pattern are compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The equipment slug of exercises that need nothing: the one place it is spelled out.
BODY_WEIGHT = "body-only"


class Family(StrEnum):
    """Kinds of training that never stand in for each other as steps."""

    STRENGTH = "strength"
    OLYMPIC = "olympic lifting"
    KETTLEBELL = "kettlebell ballistics"
    STRONGMAN = "strongman"
    PLYOMETRICS = "plyometrics"
    CARDIO = "cardio"
    STRETCHING = "stretching"
    SELF_MASSAGE = "self-massage"
    MOBILITY = "mobility"


class Loading(StrEnum):
    """How an exercise loads the body, which decides its mistakes and safety notes."""

    BALLISTIC = "ballistic"            # thrown, swung or caught fast: no slow lowering phase
    ISOMETRIC = "isometric"            # a held position
    AXIAL = "axial"                    # a weight bears down on or hangs from the spine
    SPINAL_FLEXION = "spinal-flexion"  # repeated or loaded forward bending of the spine
    SPINAL_EXTENSION = "spinal-extension"  # the back muscles extend the spine against load
    OVERHEAD = "overhead"              # a weight held or driven overhead
    UNSTABLE = "unstable"              # a ball, straps, rings or a wobbling base
    IMPACT = "impact"                  # landings, foot strikes


@dataclass(frozen=True, slots=True)
class Pattern:
    slug: str
    name: str
    family: Family


def _patterns(family: Family, names: dict[str, str]) -> dict[str, Pattern]:
    return {slug: Pattern(slug, name, family) for slug, name in names.items()}


# Body regions for stretching, self-massage and mobility, keyed by primary muscle.
REGION_OF_MUSCLE = {
    "abdominals": "trunk", "abductors": "hips", "adductors": "groin", "biceps": "arms",
    "triceps": "arms", "forearms": "arms", "calves": "calves", "chest": "chest",
    "glutes": "hips", "hamstrings": "hamstrings", "lats": "upper-back",
    "middle-back": "upper-back", "traps": "upper-back", "lower-back": "lower-back",
    "neck": "neck", "quadriceps": "quadriceps", "shoulders": "shoulders",
}
REGIONS = {
    "neck": "neck", "shoulders": "shoulders", "chest": "chest", "arms": "arms",
    "upper-back": "upper back", "lower-back": "lower back", "trunk": "trunk",
    "hips": "hips and glutes", "groin": "groin", "hamstrings": "hamstrings",
    "quadriceps": "quadriceps and hip flexors", "calves": "calves and ankles",
}

PATTERNS: dict[str, Pattern] = {
    **_patterns(Family.STRENGTH, {
        "squat": "squat", "lunge": "lunge and single-leg squat", "deadlift": "deadlift",
        "hip-hinge": "hip hinge (Romanian deadlift, good morning)",
        "bridge": "glute bridge and hip thrust", "back-extension": "back extension",
        "hip-extension": "hip extension (kickback)", "knee-flexion": "knee flexion (leg curl)",
        "knee-extension": "knee extension", "calf-raise": "calf raise",
        "hip-abduction": "hip abduction", "hip-adduction": "hip adduction",
        "hip-flexion": "hip flexion", "horizontal-push": "horizontal press",
        "push-up": "push-up",
        "chest-fly": "chest fly", "vertical-push": "vertical push", "dip": "dip",
        "horizontal-pull": "horizontal pull (row)", "vertical-pull": "vertical pull",
        "straight-arm-pull": "straight-arm pull (pullover)",
        "elbow-flexion": "elbow flexion (curl)",
        "elbow-extension": "elbow extension", "shoulder-raise": "shoulder raise",
        "rear-delt": "rear deltoid and upper-back fly", "shoulder-rotation": "shoulder rotation",
        "upright-row": "upright row and high pull", "shrug": "shrug",
        "wrist": "wrist flexion and extension", "grip": "grip", "neck": "neck",
        "anti-extension": "core anti-extension", "trunk-flexion": "core flexion (crunch, sit-up)",
        "leg-raise": "core flexion from the legs (leg raise)",
        "rotation": "core rotation", "anti-rotation": "core anti-rotation",
        "lateral-flexion": "core lateral flexion", "side-plank": "core anti-lateral flexion",
        "get-up": "get-up", "balance": "balance",
    }),
    **_patterns(Family.OLYMPIC, {
        "clean": "clean", "snatch": "snatch", "jerk": "jerk and push press",
        "olympic-pull": "Olympic pull", "overhead-squat": "overhead squat and snatch balance",
    }),
    **_patterns(Family.KETTLEBELL, {
        "swing": "swing", "kettlebell-clean": "kettlebell clean",
        "kettlebell-snatch": "kettlebell snatch", "kettlebell-jerk": "kettlebell jerk",
    }),
    **_patterns(Family.STRONGMAN, {
        "carry": "loaded carry", "sled": "sled push and drag", "stone-load": "loading",
        "tire-flip": "tire flip",
    }),
    **_patterns(Family.PLYOMETRICS, {
        "jump": "jump", "bound": "bound and hop", "sprint-drill": "sprint and agility drill",
        "throw": "medicine-ball throw",
    }),
    **_patterns(Family.CARDIO, {
        "walk-run": "walking and running", "cycle": "cycling", "elliptical": "elliptical",
        "stair-climb": "stair climbing", "row-ergometer": "rowing ergometer",
        "jump-rope": "rope jumping", "skate": "skating", "battle-ropes": "battling ropes",
    }),
    **{f"stretch-{slug}": Pattern(f"stretch-{slug}", f"{name} stretch", Family.STRETCHING)
       for slug, name in REGIONS.items()},
    **{f"self-massage-{slug}": Pattern(f"self-massage-{slug}", f"{name} self-massage",
                                       Family.SELF_MASSAGE) for slug, name in REGIONS.items()},
    **{f"mobility-{slug}": Pattern(f"mobility-{slug}", f"{name} mobility drill",
                                   Family.MOBILITY) for slug, name in REGIONS.items()},
}


@dataclass(frozen=True, slots=True)
class Movement:
    """What the pattern model says about one exercise."""

    pattern: Pattern | None
    traits: tuple[str, ...]
    loading: frozenset[Loading]
    difficulty: float
    core: frozenset[str]
    set_up: frozenset[str] = frozenset()

    @property
    def family(self) -> Family | None:
        return self.pattern.family if self.pattern else None


@dataclass(frozen=True, slots=True)
class Trait:
    """One thing that makes an exercise harder (weight > 0) or easier (weight < 0) than the
    plain version of its pattern: what a coach says when a step adds it, and when it drops it."""

    slug: str
    weight: float
    added: str
    dropped: str


TRAITS: dict[str, Trait] = {trait.slug: trait for trait in (
    Trait("guided", -1.0, "a machine or cable guides the path",
          "nothing guides the path, so balance and control are yours"),
    Trait("supported", -1.0, "a bench, seat or the floor supports the body",
          "nothing supports the body, so the trunk has to hold it"),
    Trait("assisted", -1.0, "assistance takes part of the body weight",
          "removes the assistance"),
    Trait("hands-elevated", -1.0, "hands raised, so less body weight is pushed",
          "hands on the floor instead of raised"),
    Trait("knees", -0.5, "from the knees, a shorter lever", "from the toes, a longer lever"),
    Trait("bent-knees", -0.5, "knees bent, a shorter lever", "legs straighter, a longer lever"),
    Trait("counterbalanced", -0.5, "the weight held in front counterbalances the body",
          "no weight in front to counterbalance the body"),
    Trait("box-depth", -0.5, "a box or bench sets the depth", "no box to set the depth"),
    Trait("short-range", -0.5, "a shorter range of motion", "the full range of motion"),
    Trait("light-resistance", 0.5, "band resistance", "no band resistance"),
    Trait("band-only", -1.5, "light band resistance instead of a set weight",
          "a set weight instead of light band resistance"),
    Trait("free-hands", 0.5, "each hand balances its own weight", "one bar joins the hands"),
    Trait("accommodating", 0.5, "bands or chains add load at the top",
          "no bands or chains adding load at the top"),
    Trait("reverse-band", -0.5, "bands take load off at the bottom",
          "no bands taking load off at the bottom"),
    Trait("trap-bar", -0.5, "the trap bar keeps the load in line with the body",
          "the bar in front of the body"),
    Trait("decline", 0.5, "a decline bench, so a longer range against gravity",
          "a flat surface"),
    Trait("hang", -1.0, "starts from the hang or blocks, a shorter pull",
          "from the floor, the full pull"),
    Trait("below-knee", 0.5, "starts below the knee, a longer pull than the hang",
          "starts higher"),
    Trait("power-catch", -0.5, "caught high, without the full squat",
          "caught in a full squat"),
    Trait("no-catch", -1.0, "no drop under the bar", "drops under the bar"),
    Trait("finish-only", -1.0, "only the finish of the pull", "the whole pull"),
    Trait("first-pull", -0.5, "only the first pull", "the whole pull"),
    Trait("leg-drive", -0.5, "the legs drive the bar without dropping under it",
          "drops under the bar"),
    Trait("drop-under", 0.5, "drops under the bar to catch it", "no drop under the bar"),
    Trait("complex", 1.0, "joins two lifts in one", "one lift instead of two"),
    Trait("recumbent", -0.5, "a seat with a backrest", "no backrest"),
    Trait("jog", 1.0, "a jogging pace", "a walking pace"),
    Trait("run", 2.0, "a running pace", "a slower pace"),
    Trait("walk-run", 1.0, "running mixed with walking", "no running"),
    Trait("bodyweight-lever", 1.0, "the body itself is the lever", "a lighter, set load"),
    Trait("added-load", 1.0, "adds load", "body weight only"),
    Trait("single-leg", 1.0, "one leg carries the work", "both legs share the work"),
    Trait("single-arm", 1.0, "one arm carries the work", "both arms share the work"),
    Trait("unstable", 1.0, "an unstable base (ball, straps or rings)", "a stable base"),
    Trait("feet-elevated", 1.0, "feet raised, so more body weight is pushed",
          "feet on the floor"),
    Trait("long-lever", 1.0, "a longer lever", "a shorter lever"),
    Trait("hanging", 1.0, "hanging from a bar", "lying or seated instead of hanging"),
    Trait("long-range", 0.5, "a longer range of motion", "a shorter range of motion"),
    Trait("transition", 2.0, "adds the transition over the bar", "no transition over the bar"),
    Trait("climb", 1.0, "climbs hand over hand", "no climbing"),
    Trait("uneven", 0.5, "shifts the load to one arm at a time", "both arms share the load"),
    Trait("momentum", -1.0, "momentum from a kip helps", "strict, without a kip"),
    Trait("inverted", 2.0, "upside down, pressing the whole body weight",
          "upright, pressing a chosen load"),
    Trait("dynamic", 1.0, "moves the lever instead of holding it", "holds still"),
    Trait("depth", 1.0, "drops from a box first, so landings are harder",
          "no drop before the jump"),
    Trait("explosive", 1.0, "explosive, leaving the ground", "slow and controlled"),
    Trait("repeated", 0.5, "repeated contacts without a reset", "one effort at a time"),
)}


def difficulty(traits: tuple[str, ...]) -> float:
    """The intrinsic difficulty within a pattern: 0 is the plain version."""
    return sum(TRAITS[t].weight for t in traits)


def step_reason(source: tuple[str, ...], target: tuple[str, ...], going_up: bool) -> str:
    """Why the exercise with `target` traits is harder (`going_up`) or easier than the one
    with `source` traits: the changes that point that way, then any that point back."""
    def changes(up: bool) -> list[str]:
        return ([TRAITS[t].added for t in target
                 if t not in source and (TRAITS[t].weight > 0) == up]
                + [TRAITS[t].dropped for t in source
                   if t not in target and (TRAITS[t].weight < 0) == up])

    against = changes(not going_up)
    return (("Harder: " if going_up else "Easier: ") + "; ".join(changes(going_up))
            + (f" (though {'; '.join(against)})" if against else "") + ".")
