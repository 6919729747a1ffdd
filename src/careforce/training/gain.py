"""Knowledge gain from pre- and post-test scores (domain.md section 3).

gain = post − pre; normalised gain (Hake) = (post − pre) / (max − pre): the share of what was left to learn
that was learnt. A session's normalised gain is taken on the class means, (mean post − mean pre) /
(max − mean pre), over the participants with both scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


def knowledge_gain(pre: Decimal | None, post: Decimal | None) -> Decimal | None:
    if pre is None or post is None:
        return None
    return post - pre


def normalised_gain(pre: Decimal | float | None, post: Decimal | float | None, maximum: float) -> float | None:
    """None when a score is missing or the pre-test was already at the maximum (nothing left to learn)."""
    if pre is None or post is None or float(pre) >= float(maximum):
        return None
    return (float(post) - float(pre)) / (float(maximum) - float(pre))


@dataclass(frozen=True)
class SessionGain:
    tested: int  # participants with both scores
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    normalised: float | None


def session_gain(pairs: Iterable[tuple[Decimal | None, Decimal | None]], maximum: float) -> SessionGain:
    both = [(float(a), float(b)) for a, b in pairs if a is not None and b is not None]
    if not both:
        return SessionGain(0, None, None, None, None)
    n = len(both)
    pre = sum(a for a, _b in both) / n
    post = sum(b for _a, b in both) / n
    return SessionGain(n, pre, post, post - pre, normalised_gain(pre, post, maximum))
