"""Derive an exercise's movement pattern, difficulty traits and loading from its data.

Rules read the folded name first (see `patterns_names.text`), then category, equipment,
force and primary muscles. The first rule that matches decides the pattern; an exercise no
rule matches has no pattern (the importer lists it) rather than a guess.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import Category, Exercise, Force, Level
from .patterns import BODY_WEIGHT, PATTERNS, REGION_OF_MUSCLE, Family, Loading
from .patterns_names import text

FREE_WEIGHTS = frozenset({"barbell", "dumbbell", "kettlebells", "e-z-curl-bar", "medicine-ball"})
Guard = Callable[[Exercise, str], bool]


@dataclass(frozen=True, slots=True)
class Classification:
    pattern: str | None
    traits: tuple[str, ...] = ()
    loading: tuple[Loading, ...] = ()


def _kit(*equipment: str) -> Guard:
    return lambda exercise, _: exercise.equipment in equipment


def _primary(*muscles: str) -> Guard:
    return lambda exercise, _: bool(set(exercise.primary_muscles) & set(muscles))


def _category(*categories: Category) -> Guard:
    return lambda exercise, _: exercise.category in categories


def _always(exercise: Exercise, name: str) -> bool:
    return True


# (pattern, name pattern, extra condition), tried in order.
_RULES: list[tuple[str, str, Guard]] = [
    ("kettlebell-snatch", r"\bsnatch", _kit("kettlebells")),
    ("kettlebell-jerk", r"\b(jerk|push press)", _kit("kettlebells")),
    ("kettlebell-clean", r"\bclean\b(?! grip)", _kit("kettlebells")),
    ("swing", r"\bswing\b", _kit("kettlebells", "dumbbell")),
    ("overhead-squat", r"\b(snatch balance|overhead squat)\b", _always),
    ("olympic-pull", r"\b(snatch|clean) (pull|deadlift|shrug)\b|\bsnatch pull\b", _always),
    ("snatch", r"\bsnatch\b", _always),
    ("jerk", r"\bjerk\b|\bpush press\b", _category(Category.OLYMPIC_WEIGHTLIFTING)),
    ("jerk", r"\bjerk\b", _always),
    ("clean", r"\bclean\b(?! grip)|\brack delivery\b", _always),
    ("stone-load", r"\b(atlas stone|keg load|sandbag load)", _always),
    ("tire-flip", r"\btire flip\b", _always),
    ("carry", r"\b(farmer|yoke|carry|conan|power stair)", _always),
    ("log-press", r"\b(log lift|circus bell)\b", _always),
    ("throw", r"\b(throw|slam|chest pass|chest push|scoop|return push|full twist)\b", _always),
    ("throw", r"\bsledgehammer\b", _always),
    ("push-up", r"\b(plyo|drop push)\b|\bpushup depth jump\b",
     lambda e, n: "pushup" in n or bool({"chest", "triceps"} & set(e.primary_muscles))),
    ("throw", r"\bheavy bag thrust\b", _always),
    ("bound", r"\b(long jump|lateral box jump|stride jump)\b", _always),
    ("jump", r"\b(jump|jumping)\b(?!.*\b(long|lateral box)\b)", _always),
    ("bound", r"\b(bound|hop|hopping|leap|skip|skipping|long jump|lateral box jump)\b",
     _category(Category.PLYOMETRICS)),
    ("lunge", r"\bstepup\b", _always),
    ("sled", r"\b(sled (push|drag)|prowler|(forward|backward) drag|sled drag|backward walk)\b",
     _always),
    ("neck", r"\bneck\b(?! press)(?!.*\brow\b)", _primary("neck")),
    ("grip", r"\b(plate pinch|hand squeeze|finger curl)\b", _always),
    ("wrist", r"\b(wrist|pronation|supination)\b", _always),
    ("shrug", r"\bshrug\b", _always),
    ("calf-raise", r"\b(calf|donkey)\b", _always),
    ("balance", r"\bbalance\b", _always),
    ("get-up", r"\bgetup\b", _always),
    ("hip-abduction", r"\b(abductor|abduction|monster walk)\b", _always),
    ("hip-adduction", r"\b(adductor|adduction)\b", _always),
    ("hip-flexion", r"\bhip flexion\b", _always),
    ("knee-extension", r"\bleg extension\b", _always),
    ("knee-flexion", r"\b(leg curl|glute ham|hamstring curl|hamstring slide|manual hamstring)\b",
     _always),
    ("back-extension", r"\b(hyperextension|back extension|superman)\b", _always),
    ("hip-extension", r"\b(kickback|hip extension|leg lift)\b", _primary("glutes")),
    ("side-plank", r"\bside (bridge|plank)\b", lambda e, n: "pushup" not in n),
    ("vertical-pull", r"\blondon bridge\b", _always),
    ("bridge", r"\b(bridge|hip thrust|hip lift|butt lift)\b", _always),
    ("lateral-flexion", r"\b(side bend|heel toucher|windmill|bent press)\b", _always),
    ("anti-rotation", r"\bpallof press$", _always),
    ("shoulder-rotation", r"\b(external|internal) rotation\b|\bcuban press\b", _always),
    ("chest-fly", r"\b(fly|crossover|cross over|butterfly|pec deck|iron cross|around the world|"
     r"svend|chest squeeze)\b", _primary("chest")),
    ("rotation", r"\b(twist|wood ?chop|cable lift|judo flip|landmine 180|russian|figure 8|"
     r"pass between|spell caster|rotation)\b", _always),
    ("squat", r"\bwall sit\b", _always),
    ("anti-extension", r"\b(plank|rollout|roller|fallout|dead bug|bird dog|spider crawl)\b",
     lambda e, n: "pushup" not in n),
    ("hip-hinge", r"\bgood morning\b", _always),
    ("leg-raise", r"\b(leg raise|knee raise|hip raise|pike|leg tuck|reverse crunch|buttup|"
     r"bottom up|pull in|wind sprint|flutter kick|scissor kick)\b", _always),
    ("trunk-flexion", r"\b(crunch|situp|jackknife|tuck|air bike|cocoon|elbow to knee|otisup|"
     r"chin crunch)\b", _always),
    ("trunk-flexion", r"\bchin\b", _primary("abdominals")),
    ("shrug", r"\bshrug\b|\bscapular pullup\b", _always),
    ("upright-row", r"\b(upright( \w+)? row|high pull|row to neck)\b", _always),
    ("rear-delt", r"\b(rear delt|reverse fly|face pull|pull apart|back fly|rear lateral|"
     r"reverse machine fly|sled reverse|side lateral)\b(?!.*\bfront\b)",
     lambda e, n: "bent over" in n or "side lateral" not in n),
    ("shoulder-raise", r"\b(raise|laterals?|scaption|iron cross|car driver|crucifix|power partial|"
     r"pirate ship)\b", _primary("shoulders")),
    ("straight-arm-pull", r"\b(pullover|straight arm pulldown|incline pushdown)\b", _always),
    ("vertical-push", r"\bhandstand\b", _always),
    ("push-up", r"\bpushup\b|\bwiper\b", _always),
    ("elbow-extension", r"\b(extension|pushdown|skull ?crusher|kickback|tate press|bodyup|"
     r"triceps press|jm press)\b", _primary("triceps")),
    ("elbow-flexion", r"\bcurl\b", _always),
    ("dip", r"\bdip\b", _always),
    ("vertical-push", r"\b(handstand|jammer|bradford|anti gravity press|arnold)\b", _always),
    ("vertical-push", r"\bpress\b", _primary("shoulders")),
    ("horizontal-push", r"\b(bench|wiper)\b", _primary("chest", "triceps")),
    ("elbow-extension", r"\btriceps\b", _primary("triceps")),
    ("horizontal-push", r"\bpress\b", _primary("chest", "triceps")),
    ("vertical-pull", r"\b(pullup|chinup|chin|pulldown|muscle ?up|rope climb)\b", _always),
    ("horizontal-pull", r"\b(row|bench pull)\b", _always),
    ("hip-hinge", r"\b(romanian|stiff legged|stiff leg|pull through|"
     r"(one|single) legged? deadlift)\b", _always),
    ("deadlift", r"\b(deadlift|rack pull)\b", _always),
    ("sled", r"\b(sled|prowler|drag)\b", _always),
    ("lunge", r"\b(lunge|split squat|step up|stepup|pistol|one leg barbell squat|"
     r"single leg high box squat)\b", _always),
    ("squat", r"\b(squat|leg press|hack|thruster)\b", _always),
    ("sprint-drill", r".", _category(Category.PLYOMETRICS)),
]
_COMPILED = [(pattern, re.compile(rule), guard) for pattern, rule, guard in _RULES]

_CARDIO = [
    ("walk-run", r"\b(walk|walking|jog|jogging|run|running|treadmill)\b"),
    ("cycle", r"\b(bike|bicycling|cycling)\b"),
    ("elliptical", r"\belliptical\b"),
    ("stair-climb", r"\b(stair|stairmaster|step mill)\b"),
    ("row-ergometer", r"\browing\b"),
    ("jump-rope", r"\brope jumping\b|\bjump rope\b"),
    ("skate", r"\bskating\b"),
    ("sled", r"\b(prowler|sled)\b"),
    ("battle-ropes", r"\bbattling rope\b"),
]
_CARDIO_COMPILED = [(pattern, re.compile(rule)) for pattern, rule in _CARDIO]
_DYNAMIC_STRETCH = re.compile(
    r"\b(circle|swing|raise|kick|groiner|inchworm|windmill|hop|cross|toucher|rotation|dynamic|"
    r"squat|lunge|tilt)\b")


def _pattern(exercise: Exercise, name: str) -> str | None:
    if exercise.category is Category.STRETCHING:
        if "superman" in name:
            return "back-extension"
        region = REGION_OF_MUSCLE.get(next(iter(exercise.primary_muscles), ""))
        if region is None:
            return None
        if exercise.equipment == "foam-roll" or re.search(r"\bsmr\b", name):
            return f"self-massage-{region}"
        if _DYNAMIC_STRETCH.search(name):
            return f"mobility-{region}"
        return f"stretch-{region}"
    if exercise.category is Category.CARDIO or "battling rope" in name:
        return next((pattern for pattern, rule in _CARDIO_COMPILED if rule.search(name)), None)
    for pattern, compiled, guard in _COMPILED:
        if compiled.search(name) and guard(exercise, name):
            return pattern
    return None


# Patterns whose plain version is done with body weight, so external load makes them harder.
_LOADABLE = frozenset({
    "squat", "lunge", "deadlift", "hip-hinge", "bridge", "back-extension", "push-up",
    "trunk-flexion", "leg-raise", "side-plank", "horizontal-push", "vertical-push",
    "dip", "vertical-pull", "horizontal-pull", "jump", "bound",
})
# Single-joint patterns: a machine or cable guides them, bands alone are lighter.
ISOLATION = frozenset({
    "elbow-flexion", "elbow-extension", "shoulder-raise", "rear-delt", "chest-fly",
    "calf-raise", "knee-flexion", "knee-extension", "hip-abduction", "hip-adduction",
    "shrug", "wrist", "upright-row", "straight-arm-pull", "shoulder-rotation",
    "hip-extension", "lateral-flexion",
})
# Presses where two dumbbells or kettlebells ask more control than one bar.
_FREE_HANDS = frozenset({"horizontal-push", "vertical-push"})
_UPPER_BODY = frozenset({"horizontal-push", "push-up", "vertical-push", "dip",
                         "vertical-pull", "horizontal-pull"})
# (trait, name pattern, patterns it applies to or None for all)
_NAME_TRAITS: list[tuple[str, str, frozenset[str] | None]] = [
    ("assisted", r"\bassist", None),
    ("assisted", r"\bbench dip\b", frozenset({"dip"})),
    ("hands-elevated", r"\bincline pushup\b(?!.*depth)", frozenset({"push-up"})),
    ("feet-elevated", r"\bdecline pushup\b|\bfeet (elevated|on)\b", frozenset({"push-up"})),
    ("knees", r"\b(on knee|kneeling pushup|knee pushup)", frozenset({"push-up",
                                                                    "anti-extension"})),
    ("bent-knees", r"\b(knee raise|knee hip raise|bent knee|leg tuck)\b",
     frozenset({"leg-raise"})),
    ("long-lever", r"\b(pike|hands overhead|straight leg)\b", frozenset({"trunk-flexion",
                                                                          "leg-raise"})),
    ("hanging", r"\b(hanging|parallel bar|wind sprint)\b", frozenset({"leg-raise"})),
    ("decline", r"\bdecline\b", frozenset({"trunk-flexion", "leg-raise"})),
    ("accommodating", r"\bwith (band|chain)\b(?!.*reverse)", None),
    ("reverse-band", r"\breverse band\b", None),
    ("trap-bar", r"\btrap bar\b", frozenset({"deadlift"})),
    ("dynamic", r"\b(rollout|roller|fallout|spider crawl)\b", frozenset({"anti-extension"})),
    ("supported", r"\b(dead bug|bird dog)\b", frozenset({"anti-extension"})),
    ("supported", r"\bwall sit\b", frozenset({"squat"})),
    ("supported", r"\bsuperman\b", frozenset({"back-extension"})),
    ("counterbalanced", r"\bgoblet\b", frozenset({"squat"})),
    ("box-depth", r"\bhigh box\b", frozenset({"lunge"})),
    ("short-range", r"\b(rack pull|partial|3 4)\b", None),
    ("long-range", r"\b(deficit|full range|full squat|gironda|extended range)\b", None),
    ("long-range", r"\belevated\b", frozenset({"lunge"})),
    ("long-range", r"\bsitup\b", frozenset({"trunk-flexion"})),
    ("static-lunge", r"\bsplit squat\b", frozenset({"lunge"})),
    ("added-load", r"\bweighted\b", None),
    ("transition", r"\bmuscle ?up\b", frozenset({"vertical-pull"})),
    ("momentum", r"\bkipping\b", None),
    ("climb", r"\b(rope climb|london bridge)\b", frozenset({"vertical-pull"})),
    ("uneven", r"\bside to side (chin|pullup)\b", frozenset({"vertical-pull"})),
    ("inverted", r"\bhandstand\b", frozenset({"vertical-push"})),
    ("bodyweight-lever", r"\b(glute ham|glute ham raise)\b", frozenset({"knee-flexion"})),
    ("single-leg", r"\b(one|single) (leg|legged)\b|\bpistol\b", None),
    ("single-arm", r"\b(one|single) arm\b", None),
    ("hang", r"\bhang\b(?!ing)", frozenset({"clean", "snatch", "kettlebell-clean",
                                           "kettlebell-snatch"})),
    ("below-knee", r"\bbelow (the )?knee", frozenset({"clean", "snatch"})),
    ("hang", r"\bfrom block", frozenset({"clean", "snatch"})),
    ("power-catch", r"\bpower\b", frozenset({"clean", "snatch"})),
    ("no-catch", r"\bmuscle snatch\b", frozenset({"snatch"})),
    ("complex", r"\b(clean and jerk|clean and press)\b", frozenset({"clean", "jerk",
                                                                    "kettlebell-jerk"})),
    ("no-catch", r"\bdip squat\b", frozenset({"jerk"})),
    ("leg-drive", r"\bpush press\b", frozenset({"jerk", "kettlebell-jerk"})),
    ("finish-only", r"\bshrug\b", frozenset({"olympic-pull"})),
    ("first-pull", r"\bdeadlift\b", frozenset({"olympic-pull"})),
    ("drop-under", r"\bsnatch balance\b", frozenset({"overhead-squat"})),
    ("jog", r"\bjog", frozenset({"walk-run"})),
    ("depth", r"\bdepth\b", frozenset({"jump", "bound", "push-up"})),
    ("explosive", r"\b(plyo|drop push|depth jump)\b", frozenset({"push-up"})),
    ("repeated", r"\bmultiple response\b", frozenset({"jump", "bound"})),
    ("recumbent", r"\brecumbent\b", frozenset({"cycle"})),
]
_NAME_TRAITS_COMPILED = [(trait, re.compile(rule), scope) for trait, rule, scope in _NAME_TRAITS]
_SINGLE_LEG_COUNTS = frozenset({"squat", "lunge", "hip-hinge", "bridge", "calf-raise",
                                "back-extension", "jump", "bound"})
_FREE_LEG = re.compile(r"\bpistol\b|\b(one|single) leg(ged)?\b(?!.*\bsplit\b).*\bsquat\b")
_FRONT_RACK = re.compile(r"\b(front|zercher)\b")
_SUPPORTED = re.compile(r"\b(seated|lying|incline|bench|prone|iso row|dip machine)\b")
# A press whose first instruction sits or lies the lifter on a bench, whatever its name says.
_ON_A_BENCH = re.compile(r"\b(sit|sitting) (on|down|upright|back|in)\b|\b(lie|lay) (back |down |"
                         r"face up |face down )?on (a|an|the) (\w+ )?bench\b|\bposition "
                         r"yourself on (a|an|the) (\w+ )?bench\b", re.IGNORECASE)
_PRESSES = frozenset({"horizontal-push", "vertical-push"})


def traits(exercise: Exercise, pattern: str | None, name: str) -> tuple[str, ...]:
    """What makes this exercise harder or easier than the plain version of its pattern."""
    if pattern is None:
        return ()
    found = [trait for trait, rule, scope in _NAME_TRAITS_COMPILED
             if (scope is None or pattern in scope) and rule.search(name)]
    kit = exercise.equipment
    guided = kit in ("machine", "cable") or bool(re.search(r"\b(smith|leverage|machine)\b",
                                                          name))
    if pattern in _LOADABLE:
        found += _load_traits(exercise, pattern, name, guided)
    elif pattern in ISOLATION:
        if guided:
            found.append("guided")
        elif kit == "bands":
            found.append("band-only")
    if pattern in _FREE_HANDS and kit in ("dumbbell", "kettlebells"):
        found.append("free-hands")
    if pattern in ("squat", "lunge") and kit == "barbell":
        found.append("barbell")
    if pattern == "squat" and kit == "barbell" and _FRONT_RACK.search(name):
        found.append("front-rack")
    if pattern == "walk-run" and re.search(r"\b(run|running|sprint)\b", name):
        found.append("walk-run" if re.search(r"\bwalk", name) else "run")
    if re.search(r"\b(suspended|suspension|ring|strap|bosu)\b", name) or (
            kit == "exercise-ball" and pattern in _LOADABLE) or \
            re.search(r"\bon an? (exercise )?ball", name):
        found.append("unstable")
    bodyweight = kit in (None, BODY_WEIGHT, "other") and "added-load" not in found
    if "single-leg" in found and (pattern not in _SINGLE_LEG_COUNTS or
                                  (pattern == "lunge" and not _FREE_LEG.search(name))):
        found.remove("single-leg")
    if "single-arm" in found and not ((bodyweight and pattern in _UPPER_BODY)
                                      or (pattern in _FREE_HANDS and "free-hands" in found)):
        found.remove("single-arm")
    if "accommodating" in found and kit != "barbell":
        found.remove("accommodating")
    return tuple(dict.fromkeys(found))


def _load_traits(exercise: Exercise, pattern: str, name: str, guided: bool) -> list[str]:
    """Load and support: guided machines, free weights, bands, benches and seats."""
    kit = exercise.equipment
    found = []
    if guided:
        found += ["added-load"] if pattern in ("trunk-flexion", "leg-raise") else \
            ["guided", "added-load"]
    elif kit in FREE_WEIGHTS or (kit == "other" and (
            pattern in ("deadlift", "hip-hinge") or exercise.category in (
                Category.STRONGMAN, Category.POWERLIFTING))):
        found.append("added-load")
    elif kit == "bands":
        found.append("light-resistance")
    if pattern in _UPPER_BODY and (kit not in (None, BODY_WEIGHT, "other")
                                   or "added-load" in found or "pulldown" in name) and (
            (pattern == "horizontal-push" and "standing" not in name)
            or _SUPPORTED.search(name) or "pulldown" in name
            or (pattern in _PRESSES and bool(exercise.instructions)
                and bool(_ON_A_BENCH.search(exercise.instructions[0])))
            or (kit == "machine" and "smith" not in name)):
        found.append("supported")
    return found


_OVERHEAD = frozenset({"vertical-push", "log-press", "jerk", "snatch", "overhead-squat",
                       "kettlebell-jerk", "kettlebell-snatch", "get-up"})
_BALLISTIC = frozenset({"clean", "snatch", "jerk", "olympic-pull", "swing", "kettlebell-clean",
                        "kettlebell-snatch", "kettlebell-jerk", "throw", "jump", "bound",
                        "tire-flip", "stone-load"})
_AXIAL = frozenset({"squat", "deadlift", "hip-hinge", "clean", "snatch", "jerk",
                    "olympic-pull", "overhead-squat", "carry", "stone-load", "tire-flip",
                    "log-press", "lunge"})
_NOT_OVERHEAD = frozenset({"trunk-flexion", "leg-raise", "elbow-flexion", "anti-extension"})
_IMPACT = frozenset({"jump", "bound", "sprint-drill", "jump-rope", "walk-run"})


def loading(exercise: Exercise, pattern: str | None, name: str,
            found: tuple[str, ...]) -> tuple[Loading, ...]:
    """How the exercise loads the body: spine, overhead, ballistic, held, unstable, impact."""
    if pattern is None:
        return ()
    family = PATTERNS[pattern].family
    result: list[Loading] = []
    if pattern in _BALLISTIC or "kipping" in name or "explosive" in found:
        result.append(Loading.BALLISTIC)
    if (exercise.force is Force.STATIC and family in (Family.STRENGTH, Family.STRONGMAN)) or \
            pattern in ("side-plank", "balance") or re.search(r"\b(isometric|hold)\b", name) \
            or (pattern == "anti-extension" and "plank" in name):
        result.append(Loading.ISOMETRIC)
    free_load = exercise.equipment in FREE_WEIGHTS or (exercise.equipment == "other" and \
        family in (Family.STRONGMAN, Family.OLYMPIC))
    if (pattern in _AXIAL and (free_load or re.search(r"\b(smith|weighted)\b", name))) or \
            (pattern == "horizontal-pull" and exercise.equipment == "barbell" and \
            "bent over" in name) or (pattern == "vertical-push" and "standing" in name and \
            exercise.equipment == "barbell"):
        result.append(Loading.AXIAL)
    if pattern == "trunk-flexion" or (pattern == "squat" and re.search(r"\bleg press\b", name)) \
            or (pattern == "stretch-hamstrings" and re.search(r"\btoe touch", name)) \
            or "jefferson" in name:
        result.append(Loading.SPINAL_FLEXION)
    if pattern == "back-extension" or (pattern == "hip-hinge" and "good morning" in name):
        result.append(Loading.SPINAL_EXTENSION)
    if pattern in _OVERHEAD or ("overhead" in name and pattern not in _NOT_OVERHEAD):
        result.append(Loading.OVERHEAD)
    if "unstable" in found:
        result.append(Loading.UNSTABLE)
    if pattern in _IMPACT and not (pattern == "walk-run" and "run" not in found
                                   and "jog" not in found and "walk-run" not in found):
        result.append(Loading.IMPACT)
    return tuple(result)


_LOADINGS = frozenset(member.value for member in Loading)


def classify(exercise: Exercise) -> Classification:
    """The pattern, difficulty traits and loading the data supports, or no pattern.
    Remembered across stores by the fields it reads, so a library rebuilt after an edit only
    classifies what changed."""
    return _classify(exercise.name, exercise.category, exercise.force, exercise.equipment,
                     exercise.primary_muscles, exercise.pattern, exercise.loading,
                     exercise.instructions[:1])


@functools.lru_cache(maxsize=1 << 17)
def _classify(title: str, category: Category, force: Force | None, equipment: str | None,
              primary: tuple[str, ...], stated: str | None, loads: tuple[str, ...],
              first_step: tuple[str, ...]) -> Classification:
    """Classify an exercise made of the only fields the rules read."""
    exercise = Exercise(slug="", name=title, level=Level.BEGINNER, category=category,
                        force=force, equipment=equipment, primary_muscles=primary,
                        pattern=stated, loading=loads, instructions=first_step)
    name = text(title)
    pattern = exercise.pattern if exercise.pattern in PATTERNS else _pattern(exercise, name)
    found = traits(exercise, pattern, name)
    load = tuple(Loading(value) for value in exercise.loading if value in _LOADINGS) or \
        loading(exercise, pattern, name, found)
    return Classification(pattern, found, tuple(load))
