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
        "tire-flip": "tire flip", "log-press": "log and circus-bell press",
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


# The body-weight patterns a coach teaches before a harder one: rows before pull-ups,
# push-ups before dips and handstand push-ups, two-legged squats before single-leg ones.
LEAD_UPS: dict[str, frozenset[str]] = {
    "vertical-pull": frozenset({"horizontal-pull"}),
    "dip": frozenset({"push-up"}),
    "vertical-push": frozenset({"push-up"}),
    "lunge": frozenset({"squat"}),
}

# Families whose patterns each name one job: the words of a name say the implement or the
# position (a recumbent bike, a harness drag, a strap), never another movement.
ONE_JOB = frozenset({Family.STRONGMAN, Family.CARDIO,
                     Family.STRETCHING, Family.SELF_MASSAGE, Family.MOBILITY})


@dataclass(frozen=True, slots=True)
class Movement:
    """What the pattern model says about one exercise."""

    pattern: Pattern | None
    traits: tuple[str, ...]
    loading: frozenset[Loading]
    difficulty: float
    core: frozenset[str]

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
    words: frozenset[str] = frozenset()  # name words that state the trait (folded)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TRAITS: dict[str, Trait] = {trait.slug: trait for trait in (
    Trait("guided", -1.0, "a machine or cable guides the path",
          "nothing guides the path, so balance and control are yours",
          words=_words("smith machine leverage cable pulley")),
    Trait("supported", -1.0, "a bench, seat or the floor supports the body",
          "nothing supports the body, so the trunk has to hold it",
          words=_words("seated lying bench prone supine")),
    Trait("assisted", -1.0, "assistance takes part of the body weight",
          "removes the assistance",
          words=_words("assisted band bench")),
    Trait("hands-elevated", -1.0, "hands raised, so less body weight is pushed",
          "hands on the floor instead of raised",
          words=_words("incline")),
    Trait("knees", -0.5, "from the knees, a shorter lever", "from the toes, a longer lever",
          words=_words("knee on")),
    Trait("bent-knees", -0.5, "knees bent, a shorter lever", "legs straighter, a longer lever",
          words=_words("bent knee hip tuck")),
    Trait("counterbalanced", -0.5, "the weight held in front counterbalances the body",
          "no weight in front to counterbalance the body"),
    Trait("box-depth", -0.5, "a box or bench sets the depth", "no box to set the depth",
          words=_words("box high")),
    Trait("static-lunge", -0.5, "both feet stay planted, with no step to brake",
          "steps into each repetition and brakes it", words=_words("split squat")),
    Trait("short-range", -0.5, "a shorter range of motion", "the full range of motion",
          words=_words("partial rack pull 3 4")),
    Trait("light-resistance", 0.5, "band resistance", "no band resistance",
          words=_words("band with")),
    Trait("band-only", -1.5, "light band resistance instead of a set weight",
          "a set weight instead of light band resistance",
          words=_words("band with")),
    Trait("free-hands", 0.5, "each hand balances its own weight", "one bar joins the hands"),
    Trait("accommodating", 0.5, "bands or chains add load at the top",
          "no bands or chains adding load at the top",
          words=_words("band chain with")),
    Trait("reverse-band", -0.5, "bands take load off at the bottom",
          "no bands taking load off at the bottom",
          words=_words("reverse band")),
    Trait("trap-bar", -0.5, "the trap bar keeps the load in line with the body",
          "the bar in front of the body",
          words=_words("trap")),
    Trait("decline", 0.5, "a decline bench, so a longer range against gravity",
          "a flat surface",
          words=_words("decline")),
    Trait("hang", -1.0, "starts from the hang or blocks, a shorter pull",
          "from the floor, the full pull",
          words=_words("hang block from")),
    Trait("below-knee", 0.5, "starts below the knee, a longer pull than the hang",
          "starts higher",
          words=_words("below knee the")),
    Trait("power-catch", -0.5, "caught high, without the full squat",
          "caught in a full squat",
          words=_words("power")),
    Trait("no-catch", -1.0, "no drop under the bar", "drops under the bar",
          words=_words("muscle")),
    Trait("finish-only", -1.0, "only the finish of the pull", "the whole pull",
          words=_words("shrug")),
    Trait("first-pull", -0.5, "only the first pull", "the whole pull",
          words=_words("deadlift")),
    Trait("leg-drive", -0.5, "the legs drive the bar without dropping under it",
          "drops under the bar",
          words=_words("push")),
    Trait("drop-under", 0.5, "drops under the bar to catch it", "no drop under the bar",
          words=_words("heaving")),
    Trait("complex", 1.0, "joins two lifts in one", "one lift instead of two"),
    Trait("recumbent", 0.0, "a seat with a backrest", "no backrest",
          words=_words("recumbent")),
    Trait("jog", 1.0, "a jogging pace", "a walking pace",
          words=_words("jogging jog")),
    Trait("run", 2.0, "a running pace", "a slower pace",
          words=_words("running run")),
    Trait("walk-run", 1.0, "running mixed with walking", "no running",
          words=_words("trail running")),
    Trait("bodyweight-lever", 1.0, "the body itself is the lever", "a lighter, set load",
          words=_words("glute ham natural raise")),
    Trait("added-load", 1.0, "adds load", "body weight only",
          words=_words("weighted")),
    Trait("barbell", 0.5, "a barbell takes a heavier load, higher on the body, than weights "
          "held in the hands", "weights held in the hands instead of a barbell"),
    Trait("front-rack", 0.5, "the bar racked in front asks for an upright torso and mobile "
          "wrists", "the bar on the back instead of racked in front"),
    Trait("single-leg", 1.0, "one leg carries the work", "both legs share the work",
          words=_words("one single leg legged")),
    Trait("single-arm", 1.0, "one arm carries the work", "both arms share the work",
          words=_words("one single arm")),
    Trait("unstable", 1.0, "an unstable base (ball, straps or rings)", "a stable base",
          words=_words("suspended suspension ring strap bosu ball exercise stability on an")),
    Trait("feet-elevated", 1.0, "feet raised, so more body weight is pushed",
          "feet on the floor",
          words=_words("feet elevated decline on with")),
    Trait("long-lever", 1.0, "a longer lever", "a shorter lever",
          words=_words("pike hand overhead straight")),
    Trait("hanging", 1.0, "hanging from a bar", "lying or seated instead of hanging",
          words=_words("hanging parallel bar")),
    Trait("long-range", 0.5, "a longer range of motion", "a shorter range of motion",
          words=_words("deficit full range motion extended from of elevated")),
    Trait("transition", 2.0, "adds the transition over the bar", "no transition over the bar",
          words=_words("muscleup")),
    Trait("climb", 1.0, "climbs hand over hand", "no climbing",
          words=_words("rope climb london bridge")),
    Trait("uneven", 0.5, "shifts the load to one arm at a time", "both arms share the load",
          words=_words("side to")),
    Trait("momentum", -1.0, "momentum from a kip helps", "strict, without a kip",
          words=_words("kipping")),
    Trait("inverted", 2.0, "upside down, pressing the whole body weight",
          "upright, pressing a chosen load",
          words=_words("handstand")),
    Trait("dynamic", 1.0, "moves the lever instead of holding it", "holds still",
          words=_words("rollout roller fallout")),
    Trait("depth", 1.0, "drops from a box first, so landings are harder",
          "no drop before the jump",
          words=_words("depth")),
    Trait("explosive", 1.0, "explosive, leaving the ground", "slow and controlled",
          words=_words("plyo drop push")),
    Trait("repeated", 0.5, "repeated contacts without a reset", "one effort at a time",
          words=_words("multiple response")),
)}


def difficulty(traits: tuple[str, ...]) -> float:
    """The intrinsic difficulty within a pattern: 0 is the plain version."""
    return sum(TRAITS[t].weight for t in traits)
