"""Token-level precision, recall and F1 of extracted text against gold, shared by the benches.

Macro over pages and micro over tokens; see `tokens` in textclean.py for the tokenisation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class TokenScore:
    pages: int = 0
    p_sum: float = 0.0
    r_sum: float = 0.0
    f_sum: float = 0.0
    overlap: int = 0
    predicted: int = 0
    gold: int = 0
    seconds: float = 0.0
    per_page: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def add(self, page: str, predicted: list[str], gold: list[str], seconds: float) -> None:
        overlap = sum((Counter(predicted) & Counter(gold)).values())
        p = overlap / len(predicted) if predicted else 0.0
        r = overlap / len(gold) if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        self.pages += 1
        self.p_sum, self.r_sum, self.f_sum = self.p_sum + p, self.r_sum + r, self.f_sum + f
        self.overlap += overlap
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.seconds += seconds
        self.per_page[page] = (p, r, f)

    def figures(self) -> dict[str, float]:
        n = max(self.pages, 1)
        mp = self.overlap / self.predicted if self.predicted else 0.0
        mr = self.overlap / self.gold if self.gold else 0.0
        return {
            "pages": self.pages,
            "macro_p": self.p_sum / n,
            "macro_r": self.r_sum / n,
            "macro_f1": self.f_sum / n,
            "micro_p": mp,
            "micro_r": mr,
            "micro_f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0,
            "pages_per_s": self.pages / self.seconds if self.seconds else 0.0,
        }

    def row(self, name: str) -> str:
        f = self.figures()
        return (f"{name:34} {self.pages:4} {f['macro_p']:6.3f} {f['macro_r']:6.3f} "
                f"{f['macro_f1']:6.3f}   {f['micro_p']:6.3f} {f['micro_r']:6.3f} "
                f"{f['micro_f1']:6.3f}")
