"""Generated people for demo content, factories and benchmarks: fake names and fake ID numbers.

Numbers are built at run time with a valid check character (cms.home.privacy),
so no full ID number is ever written literally in the code.
"""

import random
from datetime import date, timedelta

from cms.home.privacy import check_character

# Yangjiang's county-level address codes (江城区, 阳东区, 阳西县, 阳春市).
REGION_CODES = ["441702", "441704", "441721", "441781"]
SURNAMES = "陈李黄梁林张吴何关冯谭刘杨周郑叶邓许罗蔡"
GIVEN = "伟强明华建国志勇军海平东辉杰斌文秀英丽芳敏燕玲霞红梅兰桂珍"


def fake_id_number(rng: random.Random, birth: date | None = None) -> str:
    """A syntactically valid 18-character number of nobody in particular."""
    birth = birth or date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    body = f"{rng.choice(REGION_CODES)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + check_character(body)


def fake_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
