import pytest

from content.slugs import slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Child's Pose", "childs-pose"),
    ("Butt Lift (Bridge)", "butt-lift-bridge"),
    ("lower back", "lower-back"),
    ("Lower Back-SMR", "lower-back-smr"),
    ("3/4 Sit-Up", "3-4-sit-up"),
    ("Dancer’s Stretch", "dancers-stretch"),
    ("  --Café  au lait!-- ", "cafe-au-lait"),
    ("e-z curl bar", "e-z-curl-bar"),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug

