"""Find activities that look alike, so that places doing the same thing can share.

Titles are compared by token Jaccard (shared words over all words, after dropping short words
and common Swedish function words) and by difflib's character ratio; either one above its
threshold makes a pair. Pairs are joined into groups (connected components).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

JACCARD_THRESHOLD = 0.5
RATIO_THRESHOLD = 0.8
# Swedish function words that say nothing about what an activity does.
_STOPWORDS = frozenset(
    ["och", "att", "för", "med", "till", "som", "den", "det", "ett", "av", "på", "om", "vid",
     "från", "inom", "samt", "mellan", "mot", "hos", "under"]
)  # fmt: skip
_WORD = re.compile(r"\w+")


def tokens(title: str) -> frozenset[str]:
    """Return the title's meaningful lower-case words (three letters or more, no stopwords)."""
    words = _WORD.findall(title.lower())
    return frozenset(w for w in words if len(w) >= 3 and w not in _STOPWORDS)


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    """Return |A∩B| / |A∪B|; two empty sets give 0 (nothing to compare, not identical)."""
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def alike(left: str, right: str) -> bool:
    if jaccard(tokens(left), tokens(right)) >= JACCARD_THRESHOLD:
        return True
    return SequenceMatcher(None, left.lower(), right.lower()).ratio() >= RATIO_THRESHOLD


def similar_groups(titles: Sequence[str], places: Sequence[object]) -> list[list[int]]:
    """Return groups of indices into ``titles`` whose titles look alike, each group at least
    two items from at least two different ``places``; groups and members in input order."""
    parent = list(range(len(titles)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i in range(len(titles)):
        for j in range(i + 1, len(titles)):
            if places[i] != places[j] and alike(titles[i], titles[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for index in range(len(titles)):
        groups.setdefault(root(index), []).append(index)
    return [members for members in groups.values() if len(members) > 1]
