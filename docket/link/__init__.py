"""Cross-document linking: stories (copies of one report) and, later, incidents.

`fingerprint` computes what survives reprinting and translation, `CandidateIndex` finds the
earlier documents worth comparing (exact hash, then MinHash LSH), `score_pair` confirms a pair
with its evidence, and `group_stories` derives stories from the machine's edges and the
analysts' judgements.
"""

from __future__ import annotations

from docket.link.fingerprint import Fingerprint, StoryInput, fingerprint
from docket.link.stories import CandidateIndex, PairScore, Story, group_stories, score_pair

__all__ = ["CandidateIndex", "Fingerprint", "PairScore", "Story", "StoryInput", "fingerprint",
           "group_stories", "score_pair"]
