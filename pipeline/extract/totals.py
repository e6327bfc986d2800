"""Stated totals: the counts a plan states about itself ('41 individual actions; of these 5 are complete')."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator

from pipeline.extract.numbers import words_to_int
from pipeline.extract.rag import colour_name
from pipeline.models.common import DeliveryState, Rag
from pipeline.models.records import Legend, StatedTotal

_UNITS = "zero|one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER = re.compile(
    rf"(?<![\w/£$.,-])(?P<n>\d{{1,3}}(?![\w%/.,]\d)|(?:{_TENS})(?:[\s-](?:{_UNITS}))?|{_TEENS}|{_UNITS}|none|no)"
    r"(?![\w%])",
    re.IGNORECASE,
)
# Numbers that are not counts: 'Recommendation 3', 'Quarter 3', 'Section 20', 'Version 3'.
_NOT_A_COUNT_BEFORE = re.compile(
    r"\b(?:recommendation|quarter|qtr|q|section|version|page|number|no|item|action|phase|year|stage|level)\s*$",
    re.IGNORECASE,
)
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:\s*\||-|\s*(?:working\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?|year-olds?|%|per\s?cent)\b|%)",
    re.IGNORECASE,
)
# What a plan's recommendations are called: inspection 'recommendations', a SEND written statement's
# 'areas for improvement' / 'areas of weakness', 'priorities'.
_REC_WORDS = r"recommendations?|areas?\s+(?:for|of)\s+(?:improvement|weakness|concern)|priorities"
_ENTITY = re.compile(rf"\b({_REC_WORDS}|actions)\b", re.IGNORECASE)
_ENTITY_TOTAL = re.compile(
    r"^\s*(?:(?:individual|active|original|separate|improvement|agreed|key|overall)\s+){0,2}"
    rf"({_REC_WORDS}|actions)\b",
    re.IGNORECASE,
)
# Category wording, most specific first: '7 are completed and are now considered to be Business As Usual
# Activity' counts business-as-usual recommendations (progress-report pages of council plans).
_CATEGORIES: list[tuple[str, re.Pattern[str]]] = [
    (c, re.compile(p, re.IGNORECASE))
    for c, p in [
        ("business_as_usual", r"\bbusiness[\s-]+as[\s-]+usual\b|\bBAU\b"),
        ("not_started", r"\bnot\s+(?:yet\s+)?started\b"),
        ("in_progress", r"\bin\s+progress\b|\bunder\s*way\b"),
        ("amber_red", r"\bamber\s*[/-]\s*red\b|\bred\s*[/-]\s*amber\b"),
        ("amber_green", r"\bamber\s*[/-]\s*green\b|\bgreen\s*[/-]\s*amber\b|\bminor\s+slippage\b"),
        ("complete_verified", r"\bcomplete[d]?\s+(?:and|&)\s+verified\b|\bverified\b"),
        ("suspended", r"\bsuspended\b|\bon\s+hold\b"),
        ("deferred", r"\bdeferred\b|\breprogrammed\b|\bpostponed\b"),
        ("cancelled", r"\bcancell?ed\b|\bwithdrawn\b"),
        # a negated status is not that status: '5 are not on track' is red, 'not yet complete' none
        ("complete", r"(?<!\bnot\s)(?<!\bnot\syet\s)\b(?:complete[d]?|achieved)\b"),
        ("red", r"\bred\b|\boff\s+track\b|\bnot\s+on\s+track\b|\bbehind\s+schedule\b"),
        ("amber", r"\bamber\b|\bat\s+risk\b|\bslippage\b|\byellow\b"),
        ("green", r"\bgreen\b|(?<!\bnot\s)\bon\s+track\b"),
    ]
]
Categories = list[tuple[str, re.Pattern[str]]]


def _meaning_category(rag: Rag, state: DeliveryState | None) -> str | None:
    """A key entry's meaning as a stated-total category: its delivery state, or its RAG in progress."""
    if state is not None and state not in (DeliveryState.IN_PROGRESS, DeliveryState.UNKNOWN):
        return state.value
    if rag is not Rag.NONE:
        return rag.value
    return "in_progress" if state is DeliveryState.IN_PROGRESS else None


def categories_for(legend: Legend | None) -> Categories:
    """Category wording for a document: its own key's labels first, then the default words.

    A plan whose key says Blue = Complete counts '2 are Blue' as complete, and one whose key says
    Amber = On track counts '5 are Amber' as green: a count names its category through the
    document's key (DOMAIN.md "Colours are not portable"). Labels the key leaves undefined are not
    categories at all, so their counts are not stated totals.
    """
    if legend is None or legend.source != "document":
        return _CATEGORIES
    own: Categories = []
    for entry in sorted(legend.entries, key=lambda e: -len(e.label)):
        label = entry.label.strip()
        if not label or not re.search(r"[A-Za-z]{2}", label):
            continue
        category = _meaning_category(entry.rag, entry.delivery_state)
        words = r"[\s/-]+".join(re.escape(w) for w in re.split(r"[\s/-]+", label) if w)
        pattern = re.compile(rf"(?<![\w/-])(?:{words})(?![\w/-])", re.IGNORECASE)
        own.append((category or "", pattern))
    # A key of swatches labelled by their wording ('■ Complete'): the text names the swatch's colour
    # ('2 are Blue'); a colour shared by two rows names neither.
    families = [_swatch_family(e.colour) for e in legend.entries]
    for entry, family in zip(legend.entries, families, strict=True):
        if family is None or families.count(family) > 1 or re.search(rf"(?i)\b{family}\b", entry.label):
            continue
        category = _meaning_category(entry.rag, entry.delivery_state)
        words = {"amber": "amber|orange", "grey": "grey|gray"}.get(family, family)
        own.append((category or "", re.compile(rf"(?<![\w/-])(?:{words})(?![\w/-])", re.IGNORECASE)))
    # Multi-word statuses stay first: '2 are completed and are now business as usual' counts
    # business as usual even when the key has a 'Completed' row.
    specific = [c for c in _CATEGORIES if c[0] in _SPECIFIC]
    return specific + own + [c for c in _CATEGORIES if c[0] not in _SPECIFIC]


def _swatch_family(colour: str | None) -> str | None:
    family = colour_name(colour) if colour else None
    return family if family not in (None, "unknown", "white", "black") else None


_SPECIFIC = frozenset({"business_as_usual", "not_started", "amber_red", "amber_green", "complete_verified"})


# A count and its category are linked by a verb ('5 are complete', '0 RAG rated as Red') or stand
# side by side ('4 amber and 2 red'); anything looser picks up table rows and narrative.
_LINK = re.compile(r"\b(?:are|is|were|was|been|remains?|rated|now)\b", re.IGNORECASE)
_SPAN_WORDS = 12  # a category word further than this from its number belongs to something else


# A list item's marker: bullets and dashes as printed, ZapfDingbats/Symbol bullets as extracted.
# A dash run into the count it lists ('–2 of 13 (15%) actions are rated Red') is a list marker too:
# a plan's prose never opens a line with a negative count.
_BULLET = re.compile(r"^\s*(?:[•*·▪●◦‣○■□➢✓]|[-–—](?=\s)|[–—](?=\d)|\(cid:\d+\))\s*")


def sentences(text: str) -> Iterator[str]:
    """Sentences of a page's text, with OCR line wraps joined back.

    A line starts a new sentence after a blank line, after a line ending in '.', ':', ';', '!' or '?',
    when it starts with a bullet, and after a line that itself started with a count (a progress
    report's '7 are completed ...' / '0 RAG rated as Red' list).
    """
    # An undecodable bullet glyph ('(cid:127)') is a bullet, not the number 127.
    text = re.sub(r"\(cid:\d+\)", "•", text)
    for paragraph in re.split(r"\n\s*\n", text):
        current: list[str] = []
        previous_was_item = False
        for line in (ln.strip() for ln in paragraph.splitlines()):
            if not line:
                continue
            starts_with_count = bool(_NUMBER.match(line))
            bullet = bool(_BULLET.match(line))
            if current and (
                re.search(r"[.:;!?]$", current[-1]) or (previous_was_item and starts_with_count) or bullet
            ):
                yield " ".join(current)
                current = []
            current.append(line)
            previous_was_item = starts_with_count
        if current:
            yield " ".join(current)


def _split_on_full_stops(sentence: str) -> Iterator[str]:
    for part in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", sentence):
        if part.strip():
            yield part.strip()


def _counts(sentence: str) -> Iterator[tuple[int, str]]:
    """(value, text after it) for each count in a sentence; the text stops at the next count or clause."""
    found = []
    for m in _NUMBER.finditer(sentence):
        if _NOT_A_COUNT_BEFORE.search(sentence[: m.start()]) or _NOT_A_COUNT_AFTER.match(sentence[m.end() :]):
            continue
        value = words_to_int(m.group("n"))
        if value is not None:
            found.append((m, value))
    for i, (m, value) in enumerate(found):
        end = found[i + 1][0].start() if i + 1 < len(found) else len(sentence)
        # a key's caption ends what a count says: 'Red = 3 (23%)' / 'RAG key' / 'The action is completed'
        after = re.split(
            r"[;:.]|\s[-–—]\s|\b(?:B?RAG|status|colour)\s+key\b",
            sentence[m.end() : end],
            maxsplit=1,
            flags=re.I,
        )[0]
        words = after.split()[:_SPAN_WORDS]
        word = m.group("n").casefold()
        if word in {"no", "none", "one"} and not re.match(
            r"\s*(?:of\s+\w+\s+)?(?:\w+\s+)?(?:are|is|were|was)\b", after
        ):
            continue  # 'no further action', 'one of the' are not counts
        yield value, " ".join(words)


def _category(span: str, categories: Categories = _CATEGORIES) -> str | None:
    """The status a count's following words give it, when they are linked to the count.

    The first category whose words are linked decides; a key label with no meaning ('' category)
    makes the count no total.
    """
    linked: list[tuple[int, int, int, str]] = []  # (start, rank, end, category)
    for rank, (category, pattern) in enumerate(categories):
        if (m := pattern.search(span)) and (
            _LINK.search(span[: m.start()]) or len(span[: m.start()].split()) <= 1
        ):
            if re.fullmatch(r"\s*[-–—=:]\s*", span[m.end() :]):
                return None  # 'Red = 3 (15%) Amber = 6': the label before '=' is the next count's
            # multi-word statuses first ('completed and now business as usual'); otherwise the
            # category named nearest the count ('are rated Red', not a key's words after it)
            linked.append((m.start(), rank, m.end(), category))
    if not linked:
        return None
    linked.sort()
    _, _, end, chosen = linked[0]
    # the category nearest the count, unless a more specific status is linked to it after that
    # ('7 are completed and are now considered to be Business As Usual')
    for later_start, _, _, category in linked[1:]:
        if category in _SPECIFIC and later_start >= end and _LINK.search(span[end:later_start]):
            chosen = category
            break
    return chosen or None


def _entity(word: str) -> str:
    return "action" if word.casefold().startswith("action") else "recommendation"


def stated_totals_from_text(
    text: str, page: int | None = None, legend: Legend | None = None
) -> list[StatedTotal]:
    """Read the totals a document states in prose or list lines.

    Works sentence by sentence, carrying the entity (recommendations or actions) from the last sentence
    subject that named one, so '... 18 Recommendations ... seven are business as usual' counts
    recommendations and '41 individual actions; of these 5 are complete' counts actions.

    Args:
        text: Text of a page or section (OCR or text layer).
        page: Page number to record on each total.
        legend: The edition's legend: a document's key gives its colour words their categories.

    Returns:
        StatedTotals in document order, each with raw = the sentence it came from; a repeated
        (entity, category, value) is kept once, at its first occurrence.
    """
    categories = categories_for(legend)
    entity: str | None = None
    seen: set[tuple[str, str, int]] = set()
    totals: list[StatedTotal] = []

    def add(entity: str, category: str, value: int, sentence: str) -> None:
        key = (entity, category, value)
        if key not in seen:
            seen.add(key)
            totals.append(StatedTotal(entity=entity, category=category, value=value, raw=sentence, page=page))

    mentioned: str | None = None  # the entity the last sentence named, counts or not ('Actions by status')
    for block in sentences(text):
        for sentence in _split_on_full_stops(block):
            raw = _BULLET.sub("", sentence, count=1)  # what the document printed, kept on each total
            # 'X of Y actions are green': Y is the total, X the count the rest of the sentence names
            of = _X_OF_Y.search(sentence)
            if of is not None:
                after_of = sentence[of.end() :]
                named = _ENTITY_TOTAL.match(after_of) or _ENTITY.search(after_of[:40])
                if named is not None:
                    entity = _entity(named.group(1))
                    add(entity, "total", int(of.group("m")), sentence)
                sentence = sentence[: of.start()] + of.group("n") + " " + after_of
            for value, after in _counts(sentence):
                category: str | None = None
                if m := _ENTITY_TOTAL.match(after):
                    entity = _entity(m.group(1))
                    rest = after[m.end() :]
                    category = _category(rest, categories)
                    if category is None and not _RATED.match(rest):
                        category = "total"  # '41 actions' counts them all; '4 actions are rated Blue' not
                else:
                    named = _ENTITY.search(after)
                    category = _category(after, categories)
                    if category is not None and named is not None:
                        entity = _entity(named.group(1))
                if category is None or entity is None:
                    continue
                add(entity, category, value, raw)
            if named_here := _ENTITY.search(sentence):
                mentioned = _entity(named_here.group(1))
            for entity_of_list, category, value in _label_counts(sentence, entity or mentioned, categories):
                entity = entity_of_list
                add(entity, category, value, raw)
    return totals


# A count given a rating the category words do not know ('4 actions are rated Blue' under no key
# that says what Blue means) counts some category: it is not the total.
_RATED = re.compile(
    r"^\s*(?:(?:are|is|were|was|have\s+been|has\s+been|now)\s+)*(?:rated|rag[\s-]*rated|assessed|marked|"
    r"graded|(?:shown|reported|flagged)\s+as|coloured|colored)\b",
    re.IGNORECASE,
)
_X_OF_Y = re.compile(
    r"(?<![\w.])(?P<n>\d{1,4})\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m>\d{1,4})\b(?:\s*\(\s*\d{1,3}\s*%\s*\))?"
)
# A category word followed by its count: 'Green – 10', 'Amber = 44 (50%)', 'RED = 0', 'Completed 3',
# 'Achieved or On-Target: 26 (53%)'.
_LABEL_COUNT = re.compile(
    r"(?P<label>[A-Za-z][A-Za-z/&' -]{0,40}?)\s*(?:[-–—=:]\s*|\s)(?P<n>\d{1,4})(?![\d%.,/])"
    r"(?:\s*\(\s*\d{1,3}\s*%\s*\))?"
)


def _label_counts(
    sentence: str, carried: str | None, categories: Categories = _CATEGORIES
) -> list[tuple[str, str, int]]:
    """Counts printed after their category ('Green – 10; Amber – 3; Red – 3', 'RED = 0 ... TOTAL 43').

    Only read when the evidence is strong: two or more such pairs in the sentence (a list of counts by
    status), and the entity named in the sentence itself or carried from the sentence before. A
    single 'Red 3' in prose is left alone: a false total costs more than a missing one.
    """
    pairs: list[tuple[str, int]] = []
    for m in _LABEL_COUNT.finditer(sentence):
        label = m.group("label").strip()
        words = label.split()
        tail = " ".join(words[-4:])
        category = "total" if re.search(r"\btotal\b", tail, re.IGNORECASE) else None
        undefined = False
        if category is None:
            for name, pattern in categories:
                hit = pattern.search(tail)
                if hit is not None and not tail[hit.end() :].strip(" -–—=:"):
                    category, undefined = name or None, not name
                    break
        if undefined:
            return []  # a key label with no meaning: the list cannot be read with confidence
        if category is not None:
            pairs.append((category, int(m.group("n"))))
    list_item = bool(_BULLET.match(sentence))
    if len(pairs) < (1 if list_item and carried else 2) or len({c for c, _ in pairs}) < len(pairs):
        return []  # one pair counts only as an item of a list under a line naming what it counts
    named = _ENTITY.search(sentence)
    entity = _entity(named.group(1)) if named else carried
    return [(entity, c, n) for c, n in pairs] if entity else []


def entity_named(text: str) -> str | None:
    """'action' or 'recommendation' when the text names one (a counts table's header or caption)."""
    m = _ENTITY.search(text)
    return _entity(m.group(1)) if m else None


def stated_totals_from_rows(
    rows: list[tuple[str, str]], entity: str, page: int | None = None, legend: Legend | None = None
) -> list[StatedTotal]:
    """Totals from a table of counts by status: rows of (label, count) such as ('Green', '18').

    Labels are read with the same category words as prose ('Complete', 'On track', 'Total'); rows
    whose label names no category, or whose count is not a whole number, are not totals.
    """
    categories = categories_for(legend)
    totals: list[StatedTotal] = []
    seen: set[tuple[str, int]] = set()
    for label, count in rows:
        if not re.fullmatch(r"\d{1,4}", count.strip()):
            continue
        category = "total" if re.search(r"\btotal\b", label, re.IGNORECASE) else None
        for name, pattern in categories:
            if category is None and pattern.search(label):
                category = name or None
                break
        if category is None or (category, int(count)) in seen:
            continue
        seen.add((category, int(count)))
        totals.append(
            StatedTotal(
                entity=entity, category=category, value=int(count), raw=f"{label}: {count}", page=page
            )
        )
    return totals


def _by_statement(t: StatedTotal) -> Hashable:
    return (t.entity, t.category, t.value)


def _by_category(t: StatedTotal) -> Hashable:
    return (t.entity, t.category)


def _add_new(
    totals: list[StatedTotal], found: Iterable[StatedTotal], same: Callable[[StatedTotal], Hashable]
) -> None:
    """Append to `totals` each found total that does not say again what one of them says (`same`)."""
    for total in found:
        if all(same(t) != same(total) for t in totals):
            totals.append(total)


def stated_totals_of_pages(
    pages: Iterable[tuple[int, str]], legend: Legend | None = None
) -> list[StatedTotal]:
    """The totals stated in the prose of each (page number, page text), in page order.

    The same count restated on a later page (a summary page and a progress page both saying '41
    actions') is one statement, kept at its first page.
    """
    totals: list[StatedTotal] = []
    for number, text in pages:
        _add_new(totals, stated_totals_from_text(text, number, legend), _by_statement)
    return totals


def add_table_totals(totals: list[StatedTotal], found: Iterable[StatedTotal]) -> None:
    """Append the totals a counts table states, unless a total of that entity and category is known.

    A table's count of a category the prose already stated is not a second statement of it: the
    prose, read first, is kept.
    """
    _add_new(totals, found, _by_category)
