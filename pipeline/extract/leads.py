"""Lead names: split lead cells, normalise case, snap OCR-damaged spellings to the document's own names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

# Labels printed before the names ('Recommendation Lead:'; OCR makes it 'pacommendation Lead:').
_LABEL = re.compile(
    r"^[^:]{0,40}?\b(?:leads?|owners?|officers?|responsible|champions?|who\??)\s*[:\-–]\s*", re.IGNORECASE
)
# A role keeps its 'and': 'Head of Quality Assurance and Practice Improvement' is one lead.
_ROLE_START = re.compile(
    r"^(?:(?:assistant|deputy|interim|acting)\s+)?(?:head|director|manager|chair|lead|service\s+manager)"
    r"\s+(?:of|for)\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s*(?:&|\+|/|,|;|\n|\band\b)\s*", re.IGNORECASE)
_SEPARATORS_NO_AND = re.compile(r"\s*(?:&|\+|/|,|;|\n)\s*")

ACRONYMS = {
    "SEND", "DCO", "DCS", "DSCB", "LSCB", "SMT", "CSC", "LAC", "CLA", "IRO", "IROS", "NHS", "CCG", "ICB",
    "HR", "ICT", "IT", "QA", "MASH", "YOS", "ASYE", "CAMHS", "SENCO", "PLO", "CP", "CIN", "EHA", "ADCS",
    "ADASS", "AMHP", "PSW", "CEO", "OBE", "MBE", "CDDFT", "SW", "EH", "DFE", "LADO", "PMO", "BI", "CQC",
    "ICS", "UK",
}  # fmt: skip
TITLES = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "cllr",
    "councillor",
    "sir",
    "dame",
    "rev",
}
_SMALL = {"of", "and", "for", "the", "in", "to", "with", "at", "on"}
_ROLE_WORDS = {
    "head", "director", "manager", "officer", "service", "services", "team", "lead", "chair", "board",
    "principal", "assistant", "deputy", "social", "workers", "worker", "partners", "all", "group", "panel",
}  # fmt: skip


def split_leads(raw: str) -> list[str]:
    """Split a lead cell into one string per lead.

    Splits on '&', ' and ', '/', ',', ';' and newlines; removes a label such as 'Recommendation Lead:'
    and parentheses; keeps a role with an 'and' in it whole ('Head of X and Y').
    """
    text = raw.replace("\r", "\n")
    parts: list[str] = []
    for line in text.split("\n"):
        line = _LABEL.sub("", line.strip())
        line = _ocr_marks(line)
        line = re.sub(r"[()\[\]{}]", " ", line)
        line = re.sub(r"[ \t]+", " ", line).strip()
        line = _drop_job_titles(line)
        splitter = _SEPARATORS_NO_AND if _ROLE_START.match(line) else _SEPARATORS
        parts.extend(splitter.split(line))
    parts = [_drop_column_numbers(p.strip(" .-–:\"‘’`'")) for p in parts]
    return [p for p in parts if re.search(r"[A-Za-z]{2}|^[A-Za-z]$", p) and not is_lead_header(p)]


# The words a lead column's header is made of ('Named person', 'Accountable manager', 'Task lead', 'Led
# by', 'Responsible officer(s)'): a lead cell made of nothing else is the header row read into a record
# (a header repeated over a page break, joined to the row below it), never a person or a post. A post
# always says of what ('Service Manager', 'Head of SEND'), so it is never all generic words.
_HEADER_WORDS = {
    "named", "name", "names", "person", "persons", "people", "accountable", "responsible", "lead", "leads",
    "owner", "owners", "officer", "officers", "manager", "managers", "led", "by", "task", "action", "who",
    "whom", "contact", "delivery",
}  # fmt: skip


def is_lead_header(text: str) -> bool:
    """`text` is a lead column's header wording, not a lead ('Named person', 'Task Lead', 'Led by').

    Words are matched with spaces removed too, so a header split mid-word ('Named Pers on') still is.
    """
    compact = re.sub(r"[^a-z]", "", re.sub(r"\(s\)|['’]s\b", "", text.casefold()))
    if not compact or not re.fullmatch(r"[A-Za-z()/'’\s.?-]+", text):
        return False
    # the compact letters must split into header words ('namedperson' -> named + person)
    ok = [True] + [False] * len(compact)
    for i in range(len(compact)):
        if ok[i]:
            for w in _HEADER_WORDS:
                if compact.startswith(w, i):
                    ok[i + len(w)] = True
    return ok[-1] and len(compact) > 3


def _ocr_marks(line: str) -> str:
    """OCR marks on a scanned name: a quote before a word is a speck ("'omar" -> 'omar'), and '!' or '|'
    after a letter is the letter l ('Pate!' -> 'Patel'). An apostrophe inside a name stays ("O'Neill")."""
    line = re.sub(r"(?:(?<=\s)|^)['‘’`\"]+(?=[A-Za-z])", "", line)
    return re.sub(r"(?<=[a-z])[!|]", "l", line)


def _drop_column_numbers(part: str) -> str:
    """A lead never holds digits: a number at its end is a value of the next column the layout joined
    to the cell ('Kevin Walsh 6' -> 'Kevin Walsh')."""
    return re.sub(r"(?:\s+[\d.,%]+)+$", "", part) if re.search(r"[A-Za-z]{2}", part) else part


_STRONG_SEPARATORS = re.compile(r"\s*(?:&|;|\+)\s*")


def _drop_job_titles(line: str) -> str:
    """A lead written 'Name, Job title' keeps only the person: 'Sarah Connolly, Director of Children's
    Services' -> 'Sarah Connolly', 'Kevin Walsh, Assistant Director, Early Help' -> 'Kevin Walsh'.

    Heading lead lines and lead cells often add the person's post after a comma. The post is dropped
    only when the part before the comma is shaped like a person's name and the part after it reads as
    a post (role words: Director, Head of, Manager, Officer, Principal ...): two people separated by
    a comma ('Jane Smith, John Brown') stay two leads, and a post alone stays a lead. Commas inside a
    post ('Assistant Director, Early Help') stay in it; another lead after a post is set off by '&'
    or ';'.
    """
    if "," not in line:
        return line
    kept = []
    for chunk in _STRONG_SEPARATORS.split(line):
        name, _, job = chunk.partition(",")
        first_post = job.split(",")[0]
        if (
            job
            and _is_post(first_post)
            and not _is_post(name)
            and _shape(normalise_name(name)).kind != "OTHER"
        ):
            kept.append(name.strip())
        else:
            kept.append(chunk)
    return " & ".join(kept)


def _is_post(text: str) -> bool:
    """Text that names a post rather than a person ('Head of Service', 'Principal Social Worker')."""
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", text)}
    return bool(words & _ROLE_WORDS) or bool(_ROLE_START.match(text.strip()))


def _cap_word(word: str) -> str:
    """'o'neill' -> "O'Neill", 'mcdonald' -> 'McDonald', 'smith-jones' -> 'Smith-Jones'."""
    if "-" in word:
        return "-".join(_cap_word(w) for w in word.split("-"))
    lower = word.lower()
    if m := re.fullmatch(r"([od])['’](\w+)", lower):
        return f"{m.group(1).upper()}'{m.group(2).capitalize()}"
    if lower.startswith("mc") and len(lower) > 2:
        return "Mc" + lower[2:].capitalize()
    return lower.capitalize()


def normalise_name(name: str) -> str:
    """Normalise the case of a name or role: 'YVONNE COATES' -> 'Yvonne Coates', 'head of send' ->
    'Head of SEND', 'Dr ann lee' -> 'Dr Ann Lee'; acronyms stay capitals."""
    words = re.sub(r"\s+", " ", name).strip().split(" ")
    shouting = not re.search(r"[a-z]", name)
    out: list[str] = []
    for i, word in enumerate(words):
        letters = re.sub(r"[^A-Za-z]", "", word)
        if not letters:
            out.append(word)
        elif i > 0 and word.lower() in _SMALL:
            out.append(word.lower())
        elif letters.upper() in ACRONYMS and (shouting or word.isupper() or len(letters) > 3):
            out.append(word.upper() if letters.upper() != "IROS" else "IROs")
        elif word.isupper() and not shouting and len(letters) > 1:
            out.append(word)  # capitals in mixed text are an acronym the list does not know
        elif word.lower().rstrip(".") in TITLES:
            out.append(word.capitalize())
        elif len(letters) == 1:
            out.append(word.upper())
        else:
            out.append(_cap_word(word))
    return " ".join(out)


@dataclass(frozen=True)
class LeadMatch:
    """One lead resolved against the document's names.

    Attributes:
        name: The canonical spelling used in the document (or the normalised text when unknown).
        raw: The lead as printed.
        repaired: True when the name differs from the printed text beyond case (OCR damage snapped,
            initial expanded): worth an info issue (PT210).
        score: Similarity of the printed text to name, 0-100.
    """

    name: str
    raw: str
    repaired: bool
    score: float


@lru_cache(maxsize=1)
def _name_matcher() -> tuple[Any, Any]:
    """Blank-English tokenizer and Matcher with the shapes a person's name takes in a lead cell."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    initial = {"TEXT": {"REGEX": r"^[A-Za-z]\.?$"}}
    word = {"IS_ALPHA": True, "LENGTH": {">=": 2}}
    title = {"LOWER": {"IN": sorted(TITLES | {t + "." for t in TITLES})}}
    matcher.add("TITLE_NAME", [[title, {"ORTH": ".", "OP": "?"}, word, word], [title, initial, word]])
    matcher.add("INITIAL_SURNAME", [[initial, word]])
    matcher.add("FULL_NAME", [[word, word], [word, word, word]])
    return nlp, matcher


@dataclass(frozen=True)
class _Shape:
    kind: str  # FULL_NAME, INITIAL_SURNAME, TITLE_NAME or OTHER
    title: str | None
    first: str | None  # first name or initial, casefolded
    surname: str | None  # casefolded


def _shape(name: str) -> _Shape:
    """Classify a lead as a full name, initial + surname, titled name, or something else (a role)."""
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", name)}
    if words & _ROLE_WORDS or any(w.upper() in ACRONYMS for w in re.findall(r"[A-Za-z]+", name)):
        return _Shape("OTHER", None, None, None)
    nlp, matcher = _name_matcher()
    doc = nlp(name)
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        # Only a match covering the whole lead is a name; 'Social Work Team' covers none.
        if start != 0 or end != len(doc):
            continue
        kind = nlp.vocab.strings[match_id]
        tokens = [t.text.rstrip(".") for t in doc[start:end] if t.text != "."]
        title = tokens[0] if kind == "TITLE_NAME" else None
        rest = tokens[1:] if title else tokens
        return _Shape(kind, title, rest[0].casefold(), rest[-1].casefold())
    return _Shape("OTHER", None, None, None)


def _key(name: str) -> str:
    """A name without titles, case-folded: what two spellings of one person share."""
    return " ".join(w for w in name.casefold().split() if w.rstrip(".") not in TITLES)


class LeadDirectory:
    """The names one document uses for its leads, learned from every lead cell in it."""

    def __init__(self, spellings: Counter[str], cutoff: float = 85.0) -> None:
        """Build from counts of normalised lead spellings; use from_raw() for cell texts."""
        self.cutoff = cutoff
        self._spelling: dict[str, str] = {}  # casefolded -> most frequent normalised spelling
        by_fold: dict[str, Counter[str]] = {}
        for spelling, n in spellings.items():
            by_fold.setdefault(spelling.casefold(), Counter())[spelling] += n
        for fold, variants in by_fold.items():
            self._spelling[fold] = max(variants.items(), key=lambda kv: (kv[1], kv[0]))[0]
        folded = Counter({fold: sum(v.values()) for fold, v in by_fold.items()})
        self.canonical: list[str] = []  # well-formed full names, most frequent first
        self._alias: dict[str, str] = {}  # key -> canonical
        full = [f for f, _ in folded.most_common() if _shape(self._spelling[f]).kind == "FULL_NAME"]
        for fold in sorted(full, key=lambda f: (-folded[f], f)):
            name = self._spelling[fold]
            same = self._same_person(name)
            if same is None:
                self.canonical.append(name)
                self._alias[_key(name)] = name
            else:
                self._alias[_key(name)] = same

    @classmethod
    def from_raw(cls, strings: Iterable[str], cutoff: float = 85.0) -> LeadDirectory:
        """Learn the directory from every lead string of one document (cells, headings, summary)."""
        counts: Counter[str] = Counter()
        for s in strings:
            counts.update(normalise_name(p) for p in split_leads(s))
        return cls(counts, cutoff)

    def _same_person(self, name: str) -> str | None:
        """The known canonical name this full name is an OCR variant of, if any: first name and surname
        must each be close ('Yyvonne'~'Yvonne'), so 'Jane Stoddart' never merges into 'Joanne Stoddart'."""
        shape = _shape(name)
        if not (shape.first and shape.surname) or not self.canonical:
            return None
        keys = {c: _key(c) for c in self.canonical}
        for _, _, canon in process.extract(_key(name), keys, scorer=fuzz.ratio, limit=5):
            other = _shape(canon)
            if (
                other.first
                and other.surname
                and fuzz.ratio(shape.first, other.first) >= self.cutoff
                and fuzz.ratio(shape.surname, other.surname) >= self.cutoff
            ):
                return str(canon)
        return None

    def resolve(self, raw: str) -> list[LeadMatch]:
        """Resolve a lead cell to the document's canonical names, one LeadMatch per lead.

        Never invents a name: a lead that matches no known name comes back as its normalised text, and
        an initial-only form ('J Kochanowski') maps only when exactly one known name fits it.
        """
        out: list[LeadMatch] = []
        for part in split_leads(raw):
            out.extend(self._resolve_one(seg) for seg in self._segments(part))
        return out

    def _known(self, text: str) -> bool:
        """`text` is a name of the directory (its canonical spelling or an OCR variant of one)."""
        normalised = normalise_name(text)
        return _key(normalised) in self._alias or (
            _shape(normalised).kind == "FULL_NAME" and self._same_person(normalised) is not None
        )

    def _segments(self, part: str) -> list[str]:
        """Split a part that is several names run together ('Rhys Morgan Sarah Connolly') into the names.

        A narrow lead cell stacks two leads on lines of their own; read as one line, they join with
        no separator. The part is split only when it is no name of the directory itself and reads as
        a run of two or more names of which at least one is a name the document prints elsewhere and
        every other one is a two-word full name ('Helen Wu Jones' stays whole: 'Jones' is no name).
        A post ('Head of Service Helen Wu') is left to the separators.
        """
        words = part.split()
        if len(words) < 4 or not self.canonical or _is_post(part) or self._known(part):
            return [part]
        n = len(words)
        # best[i]: (known names, segments) covering words[:i], preferring more known names
        best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, [])
        for i in range(n):
            here = best[i]
            if here is None:
                continue
            for j in range(i + 2, min(n, i + 4) + 1):
                seg = " ".join(words[i:j])
                known = self._known(seg)
                if not known and not (j - i == 2 and _shape(normalise_name(seg)).kind == "FULL_NAME"):
                    continue
                cand = (here[0] + known, [*here[1], seg])
                if best[j] is None or cand[0] > best[j][0]:  # type: ignore[index]
                    best[j] = cand
        found = best[n]
        if found is None or found[0] == 0 or len(found[1]) < 2:
            return [part]
        return found[1]

    def _resolve_one(self, part: str) -> LeadMatch:
        normalised = normalise_name(part)
        fold = normalised.casefold()
        key = _key(normalised)
        if key in self._alias:
            name = self._alias[key]
            return self._match(name, part, normalised)
        shape = _shape(normalised)
        if shape.kind == "INITIAL_SURNAME" and shape.first and shape.surname:
            fits = [
                c
                for c in self.canonical
                if (s := _shape(c)).first
                and s.surname
                and s.first[0] == shape.first[0]
                and fuzz.ratio(s.surname, shape.surname) >= self.cutoff
            ]
            if len(fits) == 1:
                return self._match(fits[0], part, normalised)
        elif shape.kind in {"FULL_NAME", "TITLE_NAME"}:
            same = self._same_person(normalised)
            if same is not None:
                return self._match(same, part, normalised)
        name = self._spelling.get(fold, normalised)
        return LeadMatch(name=name, raw=part, repaired=False, score=100.0)

    @staticmethod
    def _match(name: str, raw: str, normalised: str) -> LeadMatch:
        changed = _key(name) != _key(normalised)
        return LeadMatch(
            name=name, raw=raw, repaired=changed, score=round(fuzz.ratio(_key(name), _key(normalised)), 1)
        )
