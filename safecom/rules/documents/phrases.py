"""Cue phrases: how a partnership writes what to look for, and finding them in a document.

A phrase is words separated by spaces, matched whole-word and in order, punctuation between
words ignored (so "peer-on-peer" finds "peer on peer" and "peer-on-peer"):

    safeguard*            any word starting "safeguard" (three letters at least before the *)
    allegation|concern*   either word at this place
    written? policy       "written" may be absent
    LADO, KCSiE, ChAD     a word written with two or more capitals matches only in that case
                          (an abbreviation); every other word matches in any case

Every phrase of every requirement goes into one table and the document is read once:
each word is looked up (memoised per distinct word), so the work grows with the text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from safecom.rules.documents.text import WORD, Analysed, fold


class PhraseError(ValueError):
    """A cue phrase that cannot be used, with the reason."""


@dataclass(frozen=True)
class Alternative:
    text: str
    prefix: bool
    case_sensitive: bool


@dataclass(frozen=True)
class Slot:
    alternatives: tuple[Alternative, ...]
    optional: bool


@dataclass(frozen=True)
class Phrase:
    source: str
    slots: tuple[Slot, ...]


def _alternative(raw: str, phrase: str) -> Alternative:
    prefix = raw.endswith("*")
    word = raw[:-1] if prefix else raw
    if not word or WORD.fullmatch(fold(word)) is None:
        raise PhraseError(f"'{raw}' in cue '{phrase}' is not a single word")
    if prefix and len(word) < 3:
        raise PhraseError(f"'{raw}' in cue '{phrase}': put at least three letters before *")
    case_sensitive = sum(c.isupper() for c in word) >= 2
    return Alternative(word if case_sensitive else fold(word), prefix, case_sensitive)


def parse_phrase(source: str) -> Phrase:
    """Turn one cue phrase into slots; PhraseError says what is wrong with it."""
    slots: list[Slot] = []
    for chunk in source.split():
        optional = chunk.endswith("?")
        chunk = chunk[:-1] if optional else chunk
        if "|" in chunk:
            alternatives = tuple(_alternative(a, source) for a in chunk.split("|") if a)
            if not alternatives:
                raise PhraseError(f"empty alternatives in cue '{source}'")
            slots.append(Slot(alternatives, optional))
            continue
        star = chunk.endswith("*")
        words = [m.group() for m in WORD.finditer(chunk)]
        if not words:
            if optional:
                continue
            raise PhraseError(f"'{chunk}' in cue '{source}' has no letters or digits")
        for n, word in enumerate(words):
            last = n == len(words) - 1
            raw = word + ("*" if star and last else "")
            slots.append(Slot((_alternative(raw, source),), optional))
    if not slots:
        raise PhraseError(f"cue '{source}' is empty")
    if slots[0].optional:
        raise PhraseError(f"cue '{source}' cannot start with an optional word")
    return Phrase(source, tuple(slots))


@dataclass(frozen=True)
class _Plan:
    outright: tuple[int, ...]
    single: tuple[tuple[int, Slot], ...]
    multi: tuple[tuple[int, re.Pattern[str] | None, re.Pattern[str] | None], ...]
    any_forward: re.Pattern[str] | None
    any_back: re.Pattern[str] | None


class PhraseTable:
    """Every phrase in use, indexed by its first word, found in one pass over a document."""

    def __init__(self) -> None:
        self.phrases: list[Phrase] = []
        self._ids: dict[str, int] = {}
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._regex: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None = None
        self._anchors: list[int] = []
        self._part_regex: dict[int, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}
        self._plans: dict[str, _Plan] = {}
        self._any_pattern: dict[tuple[str, ...], re.Pattern[str]] = {}

    def add(self, source: str) -> int:
        found = self._ids.get(source)
        if found is not None:
            return found
        phrase = parse_phrase(source)
        pid = len(self.phrases)
        self._regex = None
        self._plans = {}
        self.phrases.append(phrase)
        self._ids[source] = pid
        anchor = _anchor(phrase)
        self._anchors.append(anchor)
        for alt in phrase.slots[anchor].alternatives:
            key = fold(alt.text)
            if alt.prefix:
                self._prefix[key[:3]].append((key, pid))
            else:
                self._exact[key].append(pid)
        return pid

    def add_all(self, sources: Iterable[str]) -> list[int]:
        return [self.add(s) for s in sources]

    def _candidates(self, token: str, cache: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
        found = cache.get(token)
        if found is None:
            ids = list(self._exact.get(token, ()))
            ids += [pid for key, pid in self._prefix.get(token[:3], ()) if token.startswith(key)]
            found = tuple(ids)
            cache[token] = found
        return found

    def _first_words(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        """Regexes finding where a phrase may start: a trie of every anchor word, so the
        document is scanned in C and only candidate words reach Python.

        A word starts after a character that is not part of a word (and not after a word's
        apostrophe, as in "children's"). Checking that before every character is what costs,
        so the trie is tried only after a separator: one regex for words after a space (a
        literal, which the regex engine finds fastest), one for words after anything else
        that is not a letter or digit, and one for a word at the very start."""
        if self._regex is None:
            trie: dict[str, Any] = {}
            for word, is_prefix in [(w, False) for w in self._exact] + [
                (k, True) for entries in self._prefix.values() for k, _ in entries
            ]:
                node = trie
                for char in word:
                    node = node.setdefault(char, {})
                node["$prefix" if is_prefix else "$exact"] = True
            words = "(" + (_trie_pattern(trie) or "(?!)") + ")"
            self._regex = (
                re.compile(" " + words),
                # Any other character that is not an ASCII letter or digit, if it is not a
                # word character (é is one) nor a word's apostrophe.
                re.compile(r"[^ 0-9A-Za-z](?<=[\W_])(?<![^\W_]')" + words),
                re.compile(words),
            )
        return self._regex

    def _anchor_positions(self, folded: str) -> dict[str, list[int]]:
        """Each anchor word found in the text -> where it starts, in order."""
        after_space, after_other, at_start = self._first_words()
        positions: dict[str, list[int]] = defaultdict(list)
        first = at_start.match(folded)
        if first is not None:
            positions[first.group(1)].append(0)
        for pattern in (after_space, after_other):
            for m in pattern.finditer(folded):
                positions[m.group(1)].append(m.start(1))
        for starts in positions.values():
            starts.sort()
        return positions

    def _parts(self, pid: int) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """Regexes for the words before the anchor (run on the reversed text, so they are
        anchored at the anchor) and after it; made on first use."""
        found = self._part_regex.get(pid)
        if found is None:
            phrase, k = self.phrases[pid], self._anchors[pid]
            before, after = phrase.slots[:k], phrase.slots[k + 1 :]
            back = "".join(_optional(r"[\W_]+" + _slot_pattern(s, True), s) for s in before[::-1])
            forward = "".join(_optional(r"[\W_]+" + _slot_pattern(s), s) for s in after)
            found = (
                re.compile(back, re.IGNORECASE) if before else None,
                re.compile(forward, re.IGNORECASE) if after else None,
            )
            self._part_regex[pid] = found
        return found

    def prepare(self) -> None:
        """Compile every regex now rather than on first use: a checker is made once per
        framework version and kind and kept, so no document waits for the compiling."""
        self._first_words()
        for token in self._exact:
            self._plan(token)
        for entries in self._prefix.values():
            for key, _ in entries:
                self._plan(key)  # the words a prefix anchors share their phrases' regexes

    def _plan(self, token: str) -> _Plan:
        """For a word found in the text, what to do with each phrase it anchors: one-word
        phrases it is outright, one-word phrases whose case must be checked, and phrases of
        several words to match around it. Worked out once per word and kept."""
        found = self._plans.get(token)
        if found is None:
            outright, single, multi = [], [], []
            for pid in self._candidates(token, {}):
                phrase = self.phrases[pid]
                slot = phrase.slots[self._anchors[pid]]
                if len(phrase.slots) > 1:
                    multi.append((pid, *self._parts(pid)))
                elif any(a.case_sensitive for a in slot.alternatives):
                    single.append((pid, slot))
                else:
                    outright.append(pid)
            # With two or more phrases to match after the word (or, for those with nothing
            # after it, before it), one regex of them all settles most occurrences (where
            # none is there) in one call.
            any_forward = self._any_of(
                tuple(forward.pattern for _, _, forward in multi if forward is not None)
            )
            any_back = self._any_of(
                tuple(back.pattern for _, back, forward in multi if forward is None and back)
            )
            found = _Plan(tuple(outright), tuple(single), tuple(multi), any_forward, any_back)
            self._plans[token] = found
        return found

    def _any_of(self, patterns: tuple[str, ...]) -> re.Pattern[str] | None:
        if len(patterns) < 2:
            return None
        found = self._any_pattern.get(patterns)
        if found is None:
            found = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
            self._any_pattern[patterns] = found
        return found

    def find(self, doc: Analysed) -> dict[int, list[tuple[int, int]]]:
        """Every occurrence of every phrase: phrase id -> [(char start, char end)], in order."""
        return self.find_with_sentences(doc)[0]

    def find_with_sentences(
        self, doc: Analysed
    ) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[int]]]:
        """Every occurrence of every phrase, in order, and the sentence each is in.

        The words that can anchor a phrase are found in one regex pass (in C) and grouped by
        word; a phrase is looked up by its anchor, its least common required word
        ("required" in "not be? required"), and a phrase of several words is then matched
        whole, by its own regex, within the anchor's sentence. So an occurrence is in its
        anchor's sentence, worked out once per word however many phrases it anchors."""
        positions = self._anchor_positions(doc.folded)
        out: dict[int, list[tuple[int, int]]] = defaultdict(list)
        where: dict[int, list[int]] = defaultdict(list)
        fed: dict[int, int] = defaultdict(int)  # how many words a phrase's hits came from
        around: set[int] = set()  # matched around their anchor: maybe not in order
        sentence_starts = doc.sentence_starts
        later_starts = sentence_starts[1:]
        bisect_right = bisect.bisect_right
        text = doc.text
        for token, starts in positions.items():
            plan = self._plan(token)
            if not (plan.outright or plan.single or plan.multi):
                continue
            size = len(token)
            if plan.outright or plan.single:
                if sentence_starts and starts[0] >= sentence_starts[0]:
                    # The sentence of each, bisected in C: past the first sentence's start
                    # (every word is), "the last start at or before" is this.
                    sentences = list(map(bisect_right, itertools.repeat(later_starts), starts))
                else:
                    sentences = [bisect_right(sentence_starts, at) - 1 for at in starts]
            if plan.outright:
                spans = [(at, at + size) for at in starts]
                for pid in plan.outright:
                    out[pid].extend(spans)
                    where[pid].extend(sentences)
                    fed[pid] += 1
            for pid, slot in plan.single:
                for at, sentence in zip(starts, sentences, strict=True):
                    if _slot_matches(doc, slot, at, at + size, token):
                        out[pid].append((at, at + size))
                        where[pid].append(sentence)
                fed[pid] += 1
            if not plan.multi:
                continue
            followed = preceded = starts
            if plan.any_forward is not None:
                match = plan.any_forward.match
                followed = [at for at in starts if match(text, at + size)]
            if plan.any_back is not None:
                match, reverse, total = plan.any_back.match, doc.reversed_text(), len(text)
                preceded = [at for at in starts if match(reverse, total - at)]
            for pid, back, forward in plan.multi:
                these = followed if forward is not None else preceded
                _around(doc, back, forward, these, size, out[pid], where[pid])
                fed[pid] += 1
                around.add(pid)
        for pid, hits in out.items():
            if fed[pid] > 1 or pid in around:
                ordered = sorted(hits)
                if ordered != hits:
                    # A hit lies in its anchor's sentence, so the sentences go up with the
                    # hits: both lists are sorted alone, in C, without pairing them.
                    out[pid] = ordered
                    where[pid].sort()
        return out, where


def _around(
    doc: Analysed,
    back: re.Pattern[str] | None,
    forward: re.Pattern[str] | None,
    starts: list[int],
    size: int,
    found: list[tuple[int, int]],
    found_sentences: list[int],
) -> None:
    """The phrase around each occurrence of its anchor, within the anchor's sentence: the
    words after it matched forwards, those before it matched on the reversed text, each a
    single anchored regex call (in C), so a miss costs next to nothing. Adds each to
    `found`, its sentence (the anchor's) to `found_sentences`."""
    text = doc.text
    reverse = doc.reversed_text() if back is not None else ""
    total = len(text)
    all_sentences, sentence_starts = doc.sentences, doc.sentence_starts
    bisect_right = bisect.bisect_right
    for at in starts:
        start, end = at, at + size
        if forward is not None:
            after = forward.match(text, end)
            if after is None:
                continue  # the usual case, settled by one anchored regex call
            end = after.end()
        if back is not None:
            before = back.match(reverse, total - at)
            if before is None:
                continue
            start = total - before.end()
        index = bisect_right(sentence_starts, at) - 1
        sentence = all_sentences[max(0, index)] if all_sentences else None
        if sentence is not None and (start < sentence.start or end > sentence.end):
            # Found only across a sentence boundary: look again within the sentence.
            end = at + size
            if forward is not None:
                after = forward.match(text, end, sentence.end)
                if after is None:
                    continue
                end = after.end()
            start = at
            if back is not None:
                before = back.match(reverse, total - at, total - sentence.start)
                if before is None:
                    continue
                start = total - before.end()
        found.append((start, end))
        found_sentences.append(index)


def _optional(piece: str, slot: Slot) -> str:
    return f"(?:{piece})?" if slot.optional else piece


def _slot_pattern(slot: Slot, reverse: bool = False) -> str:
    """A regex for one word place; reversed, for matching backwards on the reversed text."""
    alternatives = []
    for alt in slot.alternatives:
        if reverse:
            body = re.escape(alt.text[::-1]).replace("'", "['’]")
            lead = r"(?:[^\W_]+['’])*[^\W_]*" if alt.prefix else ""
            body = lead + body + r"(?![^\W_])"
        else:
            body = re.escape(alt.text).replace("'", "['’]")
            body += r"[^\W_]*(?:['’][^\W_]+)*" if alt.prefix else r"(?![^\W_]|['’][^\W_])"
        alternatives.append(f"(?-i:{body})" if alt.case_sensitive else body)
    return "(?:" + "|".join(alternatives) + ")"


def _trie_pattern(node: dict[str, Any]) -> str:
    """A regex for the words of a trie; a prefix ends the branch (anything may follow)."""
    if node.get("$prefix"):
        return r"[^\W_]*(?:'[^\W_]+)*"
    branches = [
        re.escape(char) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if not char.startswith("$")
    ]
    if node.get("$exact"):
        branches.append(r"(?![^\W_]|'[^\W_])")
    # Longer words first: "acts" before "act", so the whole word is what is matched.
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# How common a word is, for choosing the word a phrase is looked up by (rarer is better).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# How common words are in contracts and policies, most common first: a phrase is looked up
# by its least common required word, so few places in a document need a closer look.
TIERS = (
    _words(
        "the a an of to in and or is are be for by with shall will must should may this that "
        "it as from on at"
    ),
    _words(
        "do does did has have had all any each every these those its their our if where when "
        "there what one who how they we you out up into was were been"
    ),
    _words(
        "safeguard safeguarding safeguards child children children's staff policy policies "
        "section guidance provider providers not no"
    ),
    _words(
        "procedure procedures work working made make take know service services contract "
        "council local concern concerns data information records"
    ),
)


def _commonness(alt: Alternative) -> int:
    for rank, words in enumerate(TIERS):
        if alt.text in words:
            return len(TIERS) + 1 - rank
    return 1 if alt.prefix and len(alt.text) < 5 else 0


def _anchor(phrase: Phrase) -> int:
    """The slot to look the phrase up by: the one whose words are expected least often,
    counting every word it allows (each twice as often as the next tier of commonness), so
    "data|information|IT|... safeguards" is looked up by "safeguards", not by each of its
    fourteen commoner words; then by how many words it allows, then the longest shortest
    word. Which slot is chosen changes only the work, never what is found."""
    keys = [
        (
            sum(2 ** _commonness(alt) for alt in slot.alternatives),
            len(slot.alternatives),
            -min(len(alt.text) for alt in slot.alternatives),
            k,
        )
        for k, slot in enumerate(phrase.slots)
        if not slot.optional
    ]
    return min(keys)[3]


def _slot_matches(doc: Analysed, slot: Slot, start: int, end: int, token: str) -> bool:
    for alt in slot.alternatives:
        word = doc.text[start:end] if alt.case_sensitive else token
        if word.startswith(alt.text) if alt.prefix else word == alt.text:
            return True
    return False
