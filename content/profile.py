"""Derived exercise profiles: summary, muscle recruitment, intensity, guidance and counts.

Everything is generated from the exercise's own fields and the rest of the library, unless
the author wrote that part in the frontmatter (`profile:`), which always wins. General
information, not medical advice; see docs/profile-method.md for how each part is derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .intensity import Zone, activity
from .model import Category, Exercise, Force, Level, Mechanic
from .related import Related, relations, training_kind
from .store import Role, Store

# Recruitment: share of effort given to the primary muscles, by kind of movement.
PRIMARY_SHARE = {Mechanic.ISOLATION: 80.0, Mechanic.COMPOUND: 60.0, None: 70.0}
STRETCH_PRIMARY_SHARE = 75.0
LOADED = frozenset({"barbell", "dumbbell", "kettlebells", "e-z-curl-bar", "medicine-ball",
                    "machine", "cable", "other"})
UNSTABLE = frozenset({"exercise-ball"})
CATEGORY_NOUN = {
    Category.STRENGTH: "strength exercise",
    Category.STRETCHING: "stretch",
    Category.PLYOMETRICS: "plyometric drill",
    Category.POWERLIFTING: "powerlifting lift",
    Category.OLYMPIC_WEIGHTLIFTING: "Olympic weightlifting movement",
    Category.STRONGMAN: "strongman event",
    Category.CARDIO: "cardio exercise",
}
DISCLAIMER = ("General information, not medical advice: check with a doctor or physiotherapist "
              "before starting if you have pain, an injury or a medical condition.")


class Source(StrEnum):
    AUTHORED = "authored"
    DERIVED = "derived"


@dataclass(frozen=True, slots=True)
class Share:
    muscle: str
    role: Role
    percent: float


@dataclass(frozen=True, slots=True)
class Intensity:
    met: float
    zone: Zone
    source: str
    estimated: bool


@dataclass(frozen=True, slots=True)
class Counts:
    variations: int
    peers: int
    muscles_worked: int
    steps: int
    cohort: int


@dataclass(frozen=True, slots=True)
class Profile:
    summary: str
    recruitment: tuple[Share, ...]
    intensity: Intensity
    common_mistakes: tuple[str, ...]
    who_it_is_for: tuple[str, ...]
    who_should_avoid: tuple[str, ...]
    progression_path: str
    safety_notes: tuple[str, ...]
    counts: Counts
    provenance: tuple[tuple[str, Source], ...]


def _names(store: Store, slugs: tuple[str, ...]) -> list[str]:
    return [store.muscles[s].name.lower() for s in slugs if s in store.muscles]


def _join(words: list[str]) -> str:
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + f" and {words[-1]}"


def recruitment(exercise: Exercise) -> tuple[Share, ...]:
    """Shares of effort summing to 100 %: a heuristic from the muscle lists, not EMG.

    Primary muscles split the primary share equally (all of it if there are no secondary
    muscles); secondary muscles split the rest equally. Rounded to 0.1 with the rounding
    remainder given to the first primary muscle, so the total is exactly 100.
    """
    primary, secondary = exercise.primary_muscles, exercise.secondary_muscles
    if not primary:
        return ()
    if not secondary:
        primary_total = 100.0
    elif exercise.category is Category.STRETCHING:
        primary_total = STRETCH_PRIMARY_SHARE
    else:
        primary_total = PRIMARY_SHARE[exercise.mechanic]
    shares = [Share(m, Role.PRIMARY, round(primary_total / len(primary), 1)) for m in primary]
    shares += [Share(m, Role.SECONDARY, round((100 - primary_total) / len(secondary), 1))
               for m in secondary]
    remainder = round(100 - sum(s.percent for s in shares), 1)
    shares[0] = Share(shares[0].muscle, Role.PRIMARY, round(shares[0].percent + remainder, 1))
    return tuple(shares)


def _summary(store: Store, exercise: Exercise, cohort: int, variations: int) -> str:
    kit = store.equipment.get(exercise.equipment or "")
    noun = CATEGORY_NOUN[exercise.category]
    primary = _join(_names(store, exercise.primary_muscles)) or "no listed muscle"
    helpers = _names(store, exercise.secondary_muscles)
    text = f"{exercise.name} is {_article(exercise.level.value)} {noun} for the {primary}"
    text += f", with help from the {_join(helpers)}" if helpers else ""
    if exercise.equipment == "body-only":
        text += ", done with body weight alone"
    elif kit and exercise.equipment != "other":
        text += f", done with {_article(kit.name.lower())}"
    text += "."
    if cohort > 1:
        others = cohort - 1
        text += (f" This library has {cohort} exercises with the {primary} as the main mover, "
                 f"so there are {others} alternative{'s' if others != 1 else ''} for it")
        text += (f", and {variations} variation{'s' if variations != 1 else ''} of this one."
                 if variations else ".")
    return text


def _article(noun: str) -> str:
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _works(exercise: Exercise, muscle: str) -> bool:
    return muscle in exercise.muscles


def _loads_spine(exercise: Exercise) -> bool:
    return (training_kind(exercise.category) == "resistance"
            and exercise.equipment in LOADED
            and (_works(exercise, "lower-back") or (exercise.force is Force.PULL
                 and exercise.mechanic is Mechanic.COMPOUND)))


def _mistakes(store: Store, exercise: Exercise) -> tuple[str, ...]:
    found: list[str] = []
    kind = training_kind(exercise.category)
    if exercise.equipment == "foam-roll":
        found += ["Rolling fast: slow passes, with short pauses on tender spots, work better.",
                  "Rolling straight over the spine or a joint instead of the muscle beside it."]
    if exercise.category is Category.STRETCHING:
        found += ["Bouncing into the stretch instead of easing in and holding still.",
                  "Pushing into pain: mild, even tension is enough.",
                  "Holding the breath; breathe slowly and let the muscle relax as you exhale."]
    elif exercise.category is Category.PLYOMETRICS:
        found += ["Landing stiff-legged or letting the knees cave inwards.",
                  "Carrying on when tired: jumps get sloppy and land harder."]
    elif exercise.category is Category.OLYMPIC_WEIGHTLIFTING:
        found += ["Pulling early with the arms instead of driving with the legs and hips.",
                  "Letting the bar swing away from the body."]
    elif exercise.category is Category.CARDIO:
        found += ["Starting too fast and fading: build into the pace over a few minutes."]
    if _loads_spine(exercise):
        found += ["Letting the lower back round under load; brace and keep a neutral spine.",
                  "Letting the weight drift away from the body, which strains the lower back."]
    if kind == "resistance" and exercise.force is Force.STATIC:
        found += ["Holding on after form slips: stop the set when the position breaks."]
    if kind == "resistance" and exercise.mechanic is Mechanic.ISOLATION:
        found += ["Swinging or using momentum: if you have to heave it, the load is too heavy."]
    if kind == "resistance" and exercise.mechanic is Mechanic.COMPOUND \
            and exercise.force is not Force.STATIC:
        found += ["Cutting the range of motion short to squeeze out more repetitions."
                  if exercise.equipment in (None, "body-only") else
                  "Cutting the range of motion short to move more weight."]
    if kind == "resistance" and exercise.force in (Force.PUSH, Force.PULL):
        found += ["Rushing the lowering phase; control the weight on the way back too."]
    if exercise.equipment in UNSTABLE:
        found += ["Going unstable before you own the movement on solid ground."]
    if _works(exercise, "neck"):
        found += ["Jerking the head: neck work should be slow and gentle."]
    return tuple(dict.fromkeys(found))[:5]


def _who_for(store: Store, exercise: Exercise) -> tuple[str, ...]:
    primary = _join(_names(store, exercise.primary_muscles)) or "whole body"
    level = {
        Level.BEGINNER: "People starting out, or coming back after a break.",
        Level.INTERMEDIATE: "People with a few months of regular training and sound technique.",
        Level.EXPERT: "Experienced trainees with solid technique, ideally with coaching.",
    }[exercise.level]
    goal = (f"Anyone with a stiff or tight {primary} who wants to move more freely."
            if exercise.category is Category.STRETCHING else
            f"Anyone who wants to strengthen the {primary}."
            if training_kind(exercise.category) == "resistance" else
            f"Anyone building power and fitness through the {primary}.")
    kit = store.equipment.get(exercise.equipment or "")
    where = ("People training at home or travelling: no equipment needed."
             if exercise.equipment in (None, "body-only") else
             f"People with access to {_article(kit.name.lower())}."
             if kit and exercise.equipment != "other" else "")
    return tuple(filter(None, (level, goal, where)))


def _who_avoid(store: Store, exercise: Exercise) -> tuple[str, ...]:
    found = ["Anyone with sharp or worsening pain in the joints or muscles involved."]
    if _loads_spine(exercise) or (_works(exercise, "lower-back")
                                  and training_kind(exercise.category) == "resistance"):
        found.append("People with a current back injury, or back pain that spreads down a "
                     "leg, until a clinician clears them for loaded back work.")
    if exercise.category is Category.PLYOMETRICS:
        found.append("People with knee, ankle or Achilles problems, or very new to exercise.")
    if exercise.force is Force.PUSH and _works(exercise, "shoulders"):
        found.append("Anyone with a painful or unstable shoulder, until it is assessed.")
    if exercise.equipment in UNSTABLE or exercise.category is Category.OLYMPIC_WEIGHTLIFTING:
        found.append("Anyone with balance problems or dizziness.")
    if exercise.level is Level.EXPERT:
        found.append("Beginners: build the basic pattern with an easier version first.")
    found.append("Anyone recovering from surgery, or pregnant, without their clinician's "
                 "go-ahead.")
    return tuple(found)


def _progression_path(exercise: Exercise, harder: list[Related]) -> str:
    names = [r.exercise.name for r in harder[:2]]
    if exercise.category is Category.STRETCHING:
        path = ("Ease in a little further over the weeks and build each hold from about 20 up "
                "to 60 seconds, breathing slowly.")
    elif exercise.category is Category.PLYOMETRICS:
        path = ("Add a few repetitions each week while every landing stays quiet and controlled, "
                "then make each effort more explosive.")
    elif exercise.category is Category.CARDIO:
        path = ("Add a few minutes each week at an easy pace, then work in short, harder "
                "intervals once the longer sessions feel comfortable.")
    elif exercise.force is Force.STATIC:
        path = "Add 5–10 seconds to each hold once every set looks and feels steady."
    elif exercise.equipment in (None, "body-only"):
        path = ("Add repetitions until every set reaches about 15–20 with good form, then make "
                "each one harder with a slower lowering phase or a pause at the hardest point.")
    else:
        path = ("Add repetitions until every set reaches about 12–15 with good form, then add a "
                "small amount of load (about 2.5–5 %) and build the repetitions up again.")
    if names:
        path += f" When that stops working, move on to {' or '.join(names)}."
    return path


def _safety(exercise: Exercise) -> tuple[str, ...]:
    found = ["Stop if you feel sharp, shooting or joint pain; ordinary muscle effort is fine."]
    if exercise.category is Category.STRETCHING:
        found.append("Stay within a comfortable range of motion; never force the end position.")
    if _loads_spine(exercise):
        found.append("This loads the spine: brace your trunk, keep the back neutral and add "
                     "weight gradually.")
    if exercise.equipment in UNSTABLE:
        found.append("The equipment is unstable: clear the space around you and progress "
                     "slowly.")
    if training_kind(exercise.category) != "stretching":
        found.append("Warm up first with a few easy minutes of movement and lighter sets.")
    found.append(DISCLAIMER)
    return tuple(found)


def derive(store: Store, exercise: Exercise) -> Profile:
    """The profile of `exercise`: authored parts as written, the rest derived."""
    links = relations(store)
    authored = exercise.profile
    variations = links.variations(exercise.slug)
    cohort = len(links.cohort(exercise))
    harder = links.progressions(exercise)
    found = activity(exercise)
    intensity = (Intensity(authored.met, Zone.of(authored.met), authored.met_source or "",
                           estimated=False)
                 if authored.met is not None else
                 Intensity(found.met, Zone.of(found.met), found.source, estimated=True))
    parts = {
        "summary": (authored.summary, lambda: _summary(store, exercise, cohort,
                                                       len(variations))),
        "intensity": (authored.met, None),
        "commonMistakes": (authored.common_mistakes, lambda: _mistakes(store, exercise)),
        "whoItIsFor": (authored.who_it_is_for, lambda: _who_for(store, exercise)),
        "whoShouldAvoid": (authored.who_should_avoid, lambda: _who_avoid(store, exercise)),
        "progressionPath": (authored.progression_path,
                            lambda: _progression_path(exercise, harder)),
        "safetyNotes": (authored.safety_notes, lambda: _safety(exercise)),
    }
    values = {key: value if value is not None else (derive_part() if derive_part else None)
              for key, (value, derive_part) in parts.items()}
    provenance = tuple((key, Source.AUTHORED if value is not None else Source.DERIVED)
                       for key, (value, _) in parts.items())
    return Profile(
        summary=values["summary"],
        recruitment=recruitment(exercise),
        intensity=intensity,
        common_mistakes=tuple(values["commonMistakes"]),
        who_it_is_for=tuple(values["whoItIsFor"]),
        who_should_avoid=tuple(values["whoShouldAvoid"]),
        progression_path=values["progressionPath"],
        safety_notes=tuple(values["safetyNotes"]),
        counts=Counts(variations=len(variations), peers=len(links.peers(exercise)),
                      muscles_worked=len(exercise.muscles), steps=len(exercise.instructions),
                      cohort=cohort),
        provenance=(*provenance, ("recruitment", Source.DERIVED), ("counts", Source.DERIVED)),
    )
