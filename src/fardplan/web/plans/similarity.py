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
    """True when the titles share enough words or enough characters in order."""
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(right.lower())
    return _alike(matcher, left.lower(), right.lower(), tokens(left), tokens(right))


def _alike(
    matcher: SequenceMatcher[str],
    left: str,
    right: str,
    left_words: frozenset[str],
    right_words: frozenset[str],
) -> bool:
    """``alike`` for lower-cased titles whose tokens are known; ``matcher`` holds ``right``."""
    if jaccard(left_words, right_words) >= JACCARD_THRESHOLD:
        return True
    # ratio() is at most 2·min/(sum of lengths); most pairs of unequal length stop here.
    if 2 * min(len(left), len(right)) < RATIO_THRESHOLD * (len(left) + len(right)):
        return False
    matcher.set_seq1(left)
    # The quick ratios are cheap upper bounds of ratio(); most other pairs stop there.
    return (
        matcher.real_quick_ratio() >= RATIO_THRESHOLD
        and matcher.quick_ratio() >= RATIO_THRESHOLD
        and matcher.ratio() >= RATIO_THRESHOLD
    )


def similar_groups(titles: Sequence[str], places: Sequence[object]) -> list[list[int]]:
    """Return groups of indices into ``titles`` whose titles look alike, each group at least
    two items from at least two different ``places``; groups and members in input order."""
    parent = list(range(len(titles)))
    words = [tokens(title) for title in titles]
    lowered = [title.lower() for title in titles]

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    # The matcher keeps the second title's index between pairs, the costly part of difflib.
    matcher = SequenceMatcher(None, autojunk=False)
    for j in range(len(titles)):
        matcher.set_seq2(lowered[j])
        for i in range(j):
            if places[i] != places[j] and _alike(
                matcher, lowered[i], lowered[j], words[i], words[j]
            ):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for index in range(len(titles)):
        groups.setdefault(root(index), []).append(index)
    return [members for members in groups.values() if len(members) > 1]
