"""Coaching text chosen by movement pattern, loading and family: mistakes, safety notes and
progression paths. Written for this project; see docs/profile-method.md for the rules."""

from __future__ import annotations

from .model import Category, Exercise, Force, Level
from .patterns import BODY_WEIGHT, Family, Loading, Movement

SPINE = ("This loads the spine: brace your trunk, keep the back neutral and add weight "
         "gradually.")
FLEXION = ("Repeated forward bending of the spine can aggravate a sore back or disc problems; "
           "while the back is irritable, bracing exercises such as the plank or dead bug train "
           "the same muscles without bending it.")
LEG_PRESS = ("Lower only as far as your hips stay on the seat: going too deep or too heavy lets "
             "the pelvis curl up and rounds the lower back under load.")
OVERHEAD = ("Only take weight overhead if you can raise your arms fully without arching the "
            "lower back or shrugging into pain.")
BALLISTIC = ("Fast lifts need a clear space around you; learn them with light loads, ideally "
             "from a coach, and get out of the way of a missed lift instead of fighting it.")
IMPACT = ("Land softly on a forgiving surface and build the number of jumps or strides "
          "gradually.")
UNSTABLE = "The equipment is unstable: clear the space around you and progress slowly."

# Mistakes that belong to a pattern, whatever the equipment.
PATTERN_MISTAKES: dict[str, tuple[str, ...]] = {
    "squat": ("Letting the knees cave inwards; push them out in line with the toes.",
              "Lifting the heels or tipping forward: keep the whole foot on the floor."),
    "lunge": ("Letting the front knee cave inwards or the front heel lift.",
              "Taking too short a step, so the front knee is pushed far past the toes."),
    "deadlift": ("Letting the lower back round as the weight leaves the floor; brace first.",
                 "Letting the weight drift away from the body, which strains the lower back."),
    "hip-hinge": ("Bending the knees into a squat instead of pushing the hips back.",
                  "Rounding the lower back to reach further down: stop where the hamstrings "
                  "stop you."),
    "bridge": ("Arching the lower back at the top instead of finishing with the glutes.",),
    "back-extension": ("Swinging up past a straight line and over-arching the lower back.",),
    "push-up": ("Letting the hips sag or pike: keep a straight line from head to heels.",
                "Flaring the elbows straight out to the sides; keep them about 45° from the "
                "body."),
    "horizontal-push": ("Lifting the hips or shoulders off the bench to move more weight.",
                        "Flaring the elbows straight out to the sides; keep them about 45° from "
                        "the body."),
    "vertical-push": ("Leaning back and over-arching the lower back to get the weight up.",),
    "dip": ("Sinking deeper than the shoulders tolerate, which strains their front.",),
    "horizontal-pull": ("Heaving the weight with the lower back instead of pulling with the "
                        "arms and shoulder blades.",),
    "vertical-pull": ("Half repetitions: start each one from straight arms.",
                      "Craning the chin up to the bar instead of pulling the chest towards it."),
    "anti-extension": ("Letting the hips sag or the lower back arch.",),
    "side-plank": ("Letting the hips drop or roll backwards.",),
    "trunk-flexion": ("Pulling on the head or neck with the hands.",),
    "leg-raise": ("Swinging the legs with momentum instead of curling the pelvis up.",),
    "rotation": ("Twisting from the lower back instead of turning through the hips and upper "
                 "back.",),
    "swing": ("Squatting the swing: the hips drive it and the knees bend only a little.",
              "Lifting the bell with the arms instead of letting the hip snap float it."),
    "kettlebell-clean": ("Letting the bell flip over and bang the forearm: keep it close and "
                         "guide it round the hand.",),
    "kettlebell-snatch": ("Letting the bell swing wide and flop onto the forearm at the top.",),
    "kettlebell-jerk": ("Pressing the bell with the arm instead of driving it with the legs.",),
    "jerk": ("Dipping forward onto the toes instead of straight down through the heels.",),
    "overhead-squat": ("Letting the bar drift forward of the middle of the foot.",),
    "carry": ("Leaning or twisting under the load: stay tall and take short, quick steps.",),
    "sled": ("Letting the hips sag or the back round as you drive.",),
    "stone-load": ("Lifting with the arms and a rounded back instead of lapping the load and "
                   "driving with the hips.",),
    "tire-flip": ("Squatting down and pulling with the arms instead of driving forward with the "
                  "hips.",),
    "throw": ("Throwing with the arms alone instead of driving from the legs and hips.",),
    "walk-run": ("Overstriding: land with the foot under the body, not far in front of it.",),
    "row-ergometer": ("Pulling with the arms before the legs have driven.",),
    "neck": ("Jerking the head: neck work should be slow and gentle.",),
}
OLYMPIC_MISTAKES = ("Pulling early with the arms instead of driving with the legs and hips.",
                    "Letting the bar swing away from the body.")


def mistakes(exercise: Exercise, movement: Movement) -> tuple[str, ...]:
    """Common mistakes by family, pattern and loading (at most five)."""
    family, loading = movement.family, movement.loading
    pattern = movement.pattern.slug if movement.pattern else ""
    found: list[str] = []
    if family is Family.SELF_MASSAGE or exercise.equipment == "foam-roll":
        found += ["Rolling fast: slow passes, with short pauses on tender spots, work better.",
                  "Rolling straight over the spine or a joint instead of the muscle beside it."]
    if family is Family.MOBILITY:
        found += ["Rushing: move slowly and smoothly through the range you own.",
                  "Forcing the end of the range instead of letting it grow over the set."]
    elif family is Family.STRETCHING or (family is None and \
            exercise.category is Category.STRETCHING):
        found += ["Bouncing into the stretch instead of easing in and holding still.",
                  "Pushing into pain: mild, even tension is enough.",
                  "Holding the breath; breathe slowly and let the muscle relax as you exhale."]
    if family in (Family.OLYMPIC,) or pattern in ("olympic-pull",):
        found += OLYMPIC_MISTAKES
    found += PATTERN_MISTAKES.get(pattern, ())
    if pattern in ("jump", "bound", "sprint-drill") or (family is None and \
            exercise.category is Category.PLYOMETRICS):
        found += ["Landing stiff-legged or letting the knees cave inwards.",
                  "Carrying on when tired: jumps get sloppy and land harder."]
    if family is Family.CARDIO:
        found.append("Starting too fast and fading: build into the pace over a few minutes.")
    if Loading.AXIAL in loading and pattern not in ("deadlift", "hip-hinge"):
        found.append("Letting the lower back round under load; brace and keep a neutral spine.")
    strength = family in (Family.STRENGTH, None) and exercise.category not in (
        Category.STRETCHING, Category.CARDIO, Category.PLYOMETRICS)
    if Loading.ISOMETRIC in loading:
        found += ["Holding on after the position breaks: stop when form slips.",
                  "Holding the breath: breathe steadily through the hold."]
    elif strength and Loading.BALLISTIC not in loading:
        if exercise.mechanic is not None and exercise.mechanic.value == "isolation":
            found.append("Swinging or using momentum: if you have to heave it, the load is "
                         "too heavy.")
        elif not {"short-range", "box-depth"} & set(movement.traits) \
                and Loading.SPINAL_FLEXION not in loading:
            found.append("Cutting the range of motion short to squeeze out more repetitions."
                         if exercise.equipment in (None, BODY_WEIGHT) else
                         "Cutting the range of motion short to move more weight.")
        if exercise.force in (Force.PUSH, Force.PULL):
            found.append("Rushing the lowering phase; control the weight on the way back too.")
    if Loading.UNSTABLE in loading:
        found.append("Going unstable before you own the movement on solid ground.")
    return tuple(dict.fromkeys(found))[:5]


def safety(exercise: Exercise, movement: Movement) -> tuple[str, ...]:
    """Safety notes by loading: the spine note only where the spine is loaded."""
    loading = movement.loading
    pattern = movement.pattern.slug if movement.pattern else ""
    found = ["Stop if you feel sharp, shooting or joint pain; ordinary muscle effort is fine."]
    gentle = movement.family in (Family.STRETCHING, Family.MOBILITY, Family.SELF_MASSAGE) or \
        (movement.family is None and exercise.category is Category.STRETCHING)
    if gentle:
        found.append("Stay within a comfortable range of motion; never force the end position.")
    if Loading.AXIAL in loading:
        found.append(SPINE)
    if Loading.SPINAL_FLEXION in loading:
        found.append(LEG_PRESS if pattern == "squat" else FLEXION)
    if Loading.OVERHEAD in loading:
        found.append(OVERHEAD)
    if Loading.BALLISTIC in loading and movement.family in (Family.OLYMPIC, Family.KETTLEBELL):
        found.append(BALLISTIC)
    if Loading.IMPACT in loading:
        found.append(IMPACT)
    if Loading.UNSTABLE in loading:
        found.append(UNSTABLE)
    if not gentle:
        found.append("Warm up first with a few easy minutes of movement and lighter sets.")
    return tuple(found)


def back_caution(movement: Movement) -> str | None:
    """Who should wait before this exercise because of their back, if anyone."""
    loading = movement.loading
    if Loading.AXIAL in loading or Loading.SPINAL_EXTENSION in loading:
        return ("People with a current back injury, or back pain that spreads down a leg, "
                "until a clinician clears them for loaded back work.")
    if Loading.SPINAL_FLEXION in loading:
        return ("People with disc problems or a flaring back, for whom repeated or loaded "
                "forward bending is often aggravating.")
    return None


def progression_path(exercise: Exercise, movement: Movement) -> str:
    """How to make this exercise harder over the weeks, by family and loading."""
    family = movement.family
    pattern = movement.pattern.slug if movement.pattern else ""
    category = exercise.category
    if family is Family.OLYMPIC or category is Category.OLYMPIC_WEIGHTLIFTING:
        return ("Technique first: practise with an empty bar or light weights in sets of 1–3, "
                "resting fully, and add small amounts of load only while every repetition stays "
                "fast and crisp.")
    if pattern in ("carry", "sled"):
        return ("Build the distance or time first (for example from 20 to 40 metres, or 20 to "
                "40 seconds), then add load in small jumps while posture stays tall.")
    if family is Family.STRONGMAN or category is Category.STRONGMAN:
        return ("Work in low repetitions (1–5) with full recovery, and add load only when every "
                "lift is smooth and the back stays neutral.")
    if family is Family.KETTLEBELL:
        return ("Build crisp sets of 5–10 repetitions, then more sets; move to a heavier bell "
                "once the last repetition looks like the first.")
    if family is Family.SELF_MASSAGE:
        return ("Spend 30–60 seconds on each area, and ease the pressure up gradually by "
                "shifting more body weight onto the roller.")
    if family is Family.MOBILITY:
        return ("Add a few controlled repetitions and a little more range each week; keep every "
                "repetition smooth rather than fast.")
    if family is Family.STRETCHING or (family is None and category is Category.STRETCHING):
        return ("Ease in a little further over the weeks and build each hold from about 20 up "
                "to 60 seconds, breathing slowly.")
    if family is Family.PLYOMETRICS or category is Category.PLYOMETRICS:
        return ("Add a few repetitions each week while every landing stays quiet and "
                "controlled, then make each effort more explosive.")
    if family is Family.CARDIO or category is Category.CARDIO:
        return ("Add a few minutes each week at an easy pace, then work in short, harder "
                "intervals once the longer sessions feel comfortable.")
    if Loading.ISOMETRIC in movement.loading:
        return ("Add 5–10 seconds to each hold once every set looks and feels steady, then make "
                "the lever longer or the base smaller.")
    if category is Category.POWERLIFTING:
        return ("Build sets of 3–6 repetitions with identical form, then add a small amount of "
                "load (about 2.5–5 %) and build the sets up again.")
    if "added-load" not in movement.traits and exercise.equipment in (None, BODY_WEIGHT, "other",
                                                                      "bands"):
        return ("Add repetitions until every set reaches about 15–20 with good form, then make "
                "each one harder with a slower lowering phase or a pause at the hardest point.")
    return ("Add repetitions until every set reaches about 12–15 with good form, then add a "
            "small amount of load (about 2.5–5 %) and build the repetitions up again.")


def expert_only(exercise: Exercise, movement: Movement) -> bool:
    """Whether beginners should build the pattern with an easier version first."""
    return exercise.level is Level.EXPERT or movement.difficulty >= 2
