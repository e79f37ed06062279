"""Text normalisation: mojibake repair (ftfy), spaced-out mojibake, NFC, tidy whitespace.

Quotes are left curly: a quotation is evidence, and straightening it changes the words' bytes for
no gain. Normalisation is per line, so each line of the result still maps to one source line.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,  # the caller owns line structure: each line maps to source bytes
    normalization="NFC",
    explain=False,
)

# UTF-8 Cyrillic read as cp1251 gives pairs: 'Р' or 'С' followed by a cp1251 character from the
# 0x80-0xBF range. A translator or OCR step that spaces such text out ('Р» Р°') hides it from
# ftfy, which needs the pairs adjacent. We close the gaps in runs of such pairs, then let ftfy
# undo the double encoding.
_PAIR_SECOND = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџ\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬\u00ad®Ї°±Ііґµ¶·ё№є»јЅѕї"
_PAIR = f"[РС][{_PAIR_SECOND}]"
_SINGLE_PAIR = re.compile(_PAIR)
_SPACED_RUN = re.compile(f"(?:{_PAIR})+(?: (?:{_PAIR})+)+")
# Any whitespace, including NBSP, thin spaces and stray line separators (CR, U+2028, NEL):
# the input is one line, and stays one line.
_WHITESPACE = re.compile(r"\s+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _close_run(match: re.Match[str]) -> str:
    tokens = match.group(0).split(" ")
    out = tokens[0]
    for prev, token in zip(tokens, tokens[1:], strict=False):
        # A gap next to a lone pair was put there by the spacing step (a word of Cyrillic is
        # always several pairs); a gap between two multi-pair tokens is a real word space.
        lone = _SINGLE_PAIR.fullmatch(prev) or _SINGLE_PAIR.fullmatch(token)
        out += ("" if lone else " ") + token
    return out


def close_spaced_mojibake(line: str) -> str:
    """Join 'Р» Р°'-style runs so ftfy can see them; real word spaces are kept."""
    return _SPACED_RUN.sub(_close_run, line)


# Passes of _normalize_pass before normalize_line gives up looking for a fixed point. Fuzzed
# hostile lines (up to nine layers of mojibake, nested entities, controls and spacing between
# every character) all settled within four passes; the bound only keeps a line that never
# settles (none is known) from looping for ever.
_MAX_PASSES = 8


def _normalize_pass(line: str) -> str:
    line = _CONTROLS.sub("", line)
    # Collapsed and stripped first too, so ftfy sees what a later pass would see: its
    # heuristics read a sequence by its neighbours ('Â' then a space is left alone after a
    # leading space but repaired to U+00A0 at the start of the line).
    line = _WHITESPACE.sub(" ", line).strip()
    line = close_spaced_mojibake(line)
    line = ftfy.fix_text(line, config=_FTFY)
    line = unicodedata.normalize("NFC", line)
    return _WHITESPACE.sub(" ", line).strip()


def normalize_line(line: str) -> str:
    """One line repaired and tidied; normalising the result again changes nothing.

    One pass is not idempotent, because each pass can leave work that only the next one sees:
    dropping a control or collapsing whitespace joins characters that were apart
    ('Ã\x00©' becomes the mojibake 'Ã©'), repairing one layer of mojibake or unescaping one
    HTML entity can uncover another, and ftfy judges a sequence by its neighbours, which the
    tidying changes. So passes repeat until one changes nothing. An already clean line costs a
    single pass; a line that changed costs one more pass to confirm it.
    """
    for _ in range(_MAX_PASSES):
        fixed = _normalize_pass(line)
        if fixed == line:
            break
        line = fixed
    return line


def normalize_text(text: str) -> str:
    """Plain text laid out as the pipeline lays it out: every line normalised, one blank line
    where the source had one or more, a final newline (what `Document.full_text` holds)."""
    out: list[str] = []
    blank = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = normalize_line(raw)
        if not line:
            blank = True
            continue
        if blank and out:
            out.append("")
        blank = False
        out.append(line)
    return "\n".join(out) + "\n" if out else ""
