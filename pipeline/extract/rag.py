"""Status cells to the two status axes: tokens, fill colours and the edition's own legend."""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pipeline.codes import Code
from pipeline.models.common import DeliveryState, Rag, StatusSource
from pipeline.models.records import Legend, LegendEntry
from pipeline.vocab.status import (
    AMBER,
    AMBER_GREEN,
    AMBER_RED,
    BAU,
    COLOUR_WORDS,
    COMPLETE,
    DEFAULT_COLOURS,
    DEFAULT_TOKENS,
    DESCRIPTION_MEANINGS,
    GREEN,
    NARRATIVE_STATUS_RE,
    NEEDS_LEGEND,
    OFFICE_COLOURS,
    RED,
    SHAPE_GLYPH_RE,
    Meaning,
    leading_status,
    percent_meaning,
    status_phrase,
    token_key,
)

# Tesseract's readings of a bold G or C in a small coloured cell (a RAG column of such cells reads '<'
# and 'S' where the page shows G: DOMAIN.md "Counted by hand"). Only applied to OCR pages.
GLYPH_CONFUSIONS: dict[str, str] = {"<": "G", "S": "G", "©": "G", "@": "G", "6": "G", "(": "C", "0": "C"}

# Nearest legend colour within this RGB distance: a scanned #f5b82e is 48 from #ffc000, while
# Office amber and red are 192 apart.
COLOUR_TOLERANCE = 90.0


@dataclass(frozen=True)
class StatusReading:
    """One status cell read: both axes, where the reading came from and how sure it is.

    Attributes:
        delivery_state: Where the work is; in_progress for a plain RAG rating.
        rag: The RAG rating, or none.
        status_raw: The token as printed, or the fill colour when only the colour was there.
        status_source: text, cell_colour, narrative or missing.
        confidence: 0-1.
        issues: (code, message) pairs from pipeline/codes.py for the caller to attach to its record.
    """

    delivery_state: DeliveryState
    rag: Rag
    status_raw: str | None
    status_source: StatusSource
    confidence: float
    issues: tuple[tuple[Code, str], ...] = field(default=())

    @property
    def issue_codes(self) -> list[str]:
        """The issue codes alone."""
        return [code for code, _ in self.issues]


def _hex_rgb(hex_colour: str) -> tuple[int, int, int] | None:
    h = hex_colour.strip().lstrip("#").lower()
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if not re.fullmatch(r"[0-9a-f]{6}", h):
        return None
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def normalise_hex(hex_colour: str | None) -> str | None:
    """'#FFC000', 'ffc000' or '#fc0' to '#ffc000'; None when it is not a colour."""
    rgb = _hex_rgb(hex_colour) if hex_colour else None
    return None if rgb is None else "#{:02x}{:02x}{:02x}".format(*rgb)


def colour_name(hex_colour: str) -> str:
    """Name a fill colour by hue, saturation and value.

    Args:
        hex_colour: '#rrggbb' (or '#rgb').

    Returns:
        One of red, amber, yellow, green, blue, purple, grey, white, black; 'unknown' when the text is
        not a colour.
    """
    rgb = _hex_rgb(hex_colour)
    if rgb is None:
        return "unknown"
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    if v < 0.2:
        return "black"
    if s < 0.15:
        # Scans turn white paper slightly grey and black ink slightly brown: only the middle is grey.
        return "white" if v >= 0.9 else "black" if v < 0.3 else "grey"
    deg = h * 360
    if deg < 15 or deg >= 345:
        return "red"
    if deg < 48:
        return "amber"
    if deg < 72:
        return "yellow"
    if deg < 175:
        return "green"
    if deg < 265:
        return "blue"
    return "purple"


def _colour_distance(a: str, b: str) -> float:
    ra, rb = _hex_rgb(a), _hex_rgb(b)
    if ra is None or rb is None:
        return float("inf")
    return float(sum((x - y) ** 2 for x, y in zip(ra, rb, strict=True)) ** 0.5)


def default_legend() -> Legend:
    """The meanings used when an edition prints no legend (DOMAIN.md); blue is deliberately absent."""
    rows = [
        ("Green", "G", "#00b050", GREEN, "On track"),
        ("Amber", "A", "#ffc000", AMBER, "At risk / some slippage"),
        ("Red", "R", "#ff0000", RED, "Off track / behind schedule"),
        ("Amber/Red", "A/R", None, AMBER_RED, None),
        ("Amber/Green", "A/G", None, AMBER_GREEN, None),
        ("Complete", "C", None, COMPLETE, "Complete / completed / achieved"),
        ("Business as usual", "BAU", None, BAU, "Business as usual activity"),
    ]
    return Legend(
        source="default",
        entries=[
            LegendEntry(label=label, token=token, colour=colour, rag=m[0], delivery_state=m[1], description=d)
            for label, token, colour, m, d in rows
        ],
    )


def meaning_of_description(text: str | None) -> Meaning | None:
    """What a legend's wording says a status means, or None when it says nothing recognisable."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", text)
    for pattern, meaning in DESCRIPTION_MEANINGS:
        if pattern.search(text):
            return None if meaning is NEEDS_LEGEND else meaning
    return None


def _label_colour_word(label: str) -> str | None:
    words = re.findall(r"[a-z]+", label.casefold())
    found = [w for w in words if w in COLOUR_WORDS]
    if not found:
        return None
    return {"orange": "amber", "gray": "grey"}.get(found[0], found[0])


def _token_for(label: str, used: set[str]) -> str | None:
    """The letter a status column prints for a legend label: 'Completed' -> 'C', 'Amber/Red' -> 'A/R'."""
    words = re.findall(r"[A-Za-z]+", label)
    if not words:
        return None
    stripped = label.strip()
    key = token_key(stripped)
    if (
        len(key) == 1
        or re.fullmatch(r"[A-Za-z](?:\s*/\s*[A-Za-z])+", stripped)
        or (stripped.isupper() and len(key) <= 4 and key not in COLOUR_WORDS)
    ):
        token = stripped.upper().replace(" ", "")  # the legend prints the token itself: 'G', 'BAU', 'A/R'
    elif "/" in label and len(words) == 2:
        token = f"{words[0][0]}/{words[1][0]}".upper()
    elif len(words) == 1:
        token = words[0][0].upper()
    else:
        return None  # a label in words ('On track', 'Some slippage'): cells print it, not its initial
    # Two labels with one letter (Green, Grey): the second is matched by its label only.
    if token_key(token) in used:
        return None
    used.add(token_key(token))
    return token


def _label_meaning(label: str) -> Meaning | None:
    """What a key's label means on its own: a status word ('Complete', 'G'), a word with its meaning
    ('Green - on track'), or the colour it names ('Amber', 'Dark green'); None for blue, grey, shapes."""
    whole = DEFAULT_TOKENS.get(token_key(label))
    if whole is not None:
        return whole if _is_defined(whole) else None
    head = leading_status(label)
    if head is not None and _is_defined(head[1]):
        return head[1]
    word = _label_colour_word(label)
    return DEFAULT_COLOURS.get(word) if word else None


def _explicit_meaning(description: str | None) -> Meaning | None:
    """The meaning a key's wording states outright: the whole wording, or its first clause, is a status
    phrase ('On track', 'Complete & verified', 'Suspended - awaiting funding')."""
    if not description:
        return None
    whole = status_phrase(description.strip(" .;"))
    if whole is not None and _is_defined(whole):
        return whole
    head = leading_status(description)
    return head[1] if head is not None and _is_defined(head[1]) else None


_STEPS = {Rag.AMBER: {Rag.AMBER_GREEN, Rag.AMBER_RED}}


def _neighbour_step(own: Meaning, explicit: Meaning) -> bool:
    """Amber worded 'Minor slippage' (an amber/green word) stays amber: wording that only grades the
    label's own colour is description, not another meaning."""
    return own[1] is None and explicit[1] is None and explicit[0] in _STEPS.get(own[0], set())


def _meaning_of_key_row(
    label: str, description: str | None, colour: str | None = None
) -> tuple[Meaning, str | None]:
    """A key row's meaning, label first, and a note when the wording disagrees without saying so.

    A colour or letter means what its label says (Amber is amber) unless the wording gives it another
    meaning explicitly (Amber = 'On track' is green; Green = 'Complete' is complete). Wording that only
    describes the state ('behind schedule but recovery steps are in place') never overrides the label.
    A label with no meaning of its own (Blue, Grey, a shape) takes the meaning its wording describes.
    """
    own = _label_meaning(label)
    explicit = _explicit_meaning(description)
    if own is None and colour and (swatch := DEFAULT_COLOURS.get(colour_name(colour))) is not None:
        # a swatch labelled by its wording ('■ Behind schedule but recovery steps are in place'): the
        # swatch's colour is the label, and the wording overrides it only when it says so outright
        own, explicit = swatch, _explicit_meaning(label) or explicit
    if own is None:
        described = explicit or meaning_of_description(description) or meaning_of_description(label)
        return described or NEEDS_LEGEND, None
    if explicit is not None and not _neighbour_step(own, explicit):
        return explicit, None
    described = meaning_of_description(description)
    note = None
    if described is not None and described[0] is not Rag.NONE and own[0] is not Rag.NONE and described != own:
        note = (
            f"key label {label!r} kept as {own[0].value}; "
            f"its wording {description!r} reads as {described[0].value}"
        )
    return own, note


KeyRow = tuple[str, str | None, str | None] | tuple[str, str | None, str | None, str | None]


def legend_from_rows(rows: Sequence[KeyRow], page: int | None) -> Legend:
    """Build an edition's own legend from the rows of its key.

    Args:
        rows: (label as printed, swatch colour or None, description or None) per legend line, and
            optionally the token the key prints beside its label ('B' in a swatch before 'Blue').
        page: Page the legend was read on.

    Returns:
        A Legend with source 'document'; each entry's meaning as `_meaning_of_key_row` reads it.
    """
    used: set[str] = set()
    tokens: dict[int, str | None] = {}
    printed_tokens = [row[3] if len(row) > 3 else None for row in rows]  # type: ignore[misc]

    def priority(i: int) -> int:
        # a token the key prints first; then the RAG colours, whose initials status cells print
        # ('G' is Green, not Grey, in a key listing Grey first); then the other labels
        if printed_tokens[i]:
            return 0
        return 1 if token_key(rows[i][0]) in ("red", "amber", "green") else 2

    for i in sorted(range(len(rows)), key=priority):
        printed = printed_tokens[i]
        if printed and token_key(printed) not in used:
            used.add(token_key(printed))
            tokens[i] = printed.strip().upper().replace(" ", "")
        else:
            tokens[i] = _token_for(re.sub(r"\s+", " ", rows[i][0]).strip(), used)
    entries: list[LegendEntry] = []
    for i, row in enumerate(rows):
        label, colour, description = row[0], row[1], row[2]
        label = re.sub(r"\s+", " ", label).strip()
        meaning, _ = _meaning_of_key_row(label, description, colour)
        token = tokens[i]
        entries.append(
            LegendEntry(
                label=label,
                token=token,
                colour=normalise_hex(colour),
                rag=meaning[0],
                delivery_state=meaning[1],
                description=re.sub(r"\s+", " ", description).strip() if description else None,
            )
        )
    _yellow_between_amber_and_green(entries)
    return Legend(source="document", page=page, entries=entries)


def _entry_family(entry: LegendEntry) -> str | None:
    word = _label_colour_word(entry.label)
    if word is None and entry.colour:
        word = colour_name(entry.colour)
    return word


def _yellow_between_amber_and_green(entries: list[LegendEntry]) -> None:
    """A five-step key (Red, Amber, Yellow, Green, Blue) rates yellow between amber and green.

    On its own yellow reads as amber; when the same key also has an amber row meaning amber, the
    yellow row ('Minor slippage') is the lighter step, amber/green, and cells printed yellow or 'Y'
    read so.
    """
    amber = [e for e in entries if (e.rag, e.delivery_state) == AMBER]
    yellow = [e for e in amber if _entry_family(e) == "yellow"]
    if yellow and any(_entry_family(e) in {"amber", "orange"} for e in amber):
        for e in yellow:
            e.rag = Rag.AMBER_GREEN


# A swatch's own mark: a status letter or short code ('B', 'A/R', 'BAU'), or a shape glyph.
_SWATCH_TOKEN = re.compile(r"[A-Za-z]{1,3}(?:/[A-Za-z]{1,2})?")


def _is_shape(text: str) -> bool:
    """A status mark drawn as a glyph (●, ▲, ■, ★, ◆): it carries its colour, not a word."""
    return bool(text) and all(SHAPE_GLYPH_RE.fullmatch(ch) for ch in text.replace(" ", ""))


def key_row_from_cells(texts: Sequence[str], fill: str | None) -> KeyRow | None:
    """One row of a key table to (label, swatch colour, description, token).

    Keys print either the label first ('Green | On track') or a swatch first, holding the letter the
    status cells use, a shape or nothing, then the label and its wording ('B | Blue | Complete',
    '■ | Amber | Some slippage'). In the second form the label is the second cell: the key's word for
    the status is 'Blue', the swatch's 'B' is its token.
    """
    texts = [t.strip() for t in texts]
    first = texts[0] if texts else ""
    rest = [t for t in texts[1:] if t]
    second = rest[0] if rest else ""
    swatch = not first or _is_shape(first) or bool(_SWATCH_TOKEN.fullmatch(first))
    label_like = (
        bool(second)
        and len(second.split()) <= 3
        and (_label_colour_word(second) is not None or status_phrase(second) is not None)
    )
    if swatch and label_like and (len(rest) >= 2 or not first or _is_shape(first)):
        token = first if first and not _is_shape(first) else None
        return second, fill, " ".join(rest[1:]) or None, token
    if not first or _is_shape(first):
        return None
    return first, fill, " ".join(rest) or None


def legend_disagreements(rows: Sequence[KeyRow]) -> list[str]:
    """Notes (for PT221) on key rows whose wording reads otherwise than their label, which was kept."""
    notes = []
    for row in rows:
        _, note = _meaning_of_key_row(re.sub(r"\s+", " ", row[0]).strip(), row[2], row[1])
        if note:
            notes.append(note)
    return notes


def _entry_meaning(entry: LegendEntry) -> Meaning:
    return (entry.rag, entry.delivery_state)


def _is_defined(meaning: Meaning) -> bool:
    return meaning[0] is not Rag.NONE or meaning[1] is not None


def _lookup_token(token: str, legend: Legend) -> tuple[Meaning, float] | None:
    """Meaning of a status word: legend tokens and labels first, then the defaults, then fuzzily."""
    key = token_key(token)
    if not key:
        return None
    for entry in legend.entries:
        if key in {token_key(entry.token or ""), token_key(entry.label)}:
            return _entry_meaning(entry), 1.0
    by_swatch = _swatch_of_colour_word(key, legend)
    if by_swatch is not None:
        return by_swatch, 1.0
    if key in DEFAULT_TOKENS:
        return DEFAULT_TOKENS[key], 1.0
    if len(key) == 1:
        # a lone letter no key row prints, the initial of exactly one key label in words ('P' beside
        # 'Programmed, not yet started'): cells abbreviate labels to their first letter
        initial = [e for e in legend.entries if not e.token and token_key(e.label)[:1] == key]
        if len(initial) == 1 and not any(token_key(e.label)[:1] == key for e in legend.entries if e.token):
            return _entry_meaning(initial[0]), 0.8
    percent = percent_meaning(token)
    if percent is not None:
        return percent, 1.0
    head = leading_status(token)
    if head is not None and token_key(head[0]) != key:
        # 'Green - on track', 'Amber - on track': a status with its meaning, read as a key row is
        # (label first, unless the words after the dash give another meaning outright)
        label = _lookup_token(head[0], legend)
        rest = token[len(head[0]) :].strip(" -–—:,([])")
        explicit = _explicit_meaning(rest)
        if explicit is not None:
            return explicit, 1.0
        return label
    glued = re.match(r"^([A-Z][a-z]+|[A-Z]{2,})(?=[A-Z][a-z])", token.strip())
    if glued is not None and token_key(glued.group(1)) != key:
        # 'CompletedDavid': a status word run into the next cell's text, where a word too wide for a
        # narrow status column overlaps its neighbour and the text layer joins them
        word = _lookup_token(glued.group(1), legend)
        if word is not None and _is_defined(word[0]):
            return word[0], 0.7
    if len(key) >= 5:
        # 'Completd', 'GREEEN': long words survive a letter of OCR damage; single letters do not.
        choices = [token_key(e.label) for e in legend.entries] + list(DEFAULT_TOKENS)
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=85)
        if best is not None:
            return _lookup_token(best[0], legend)[0], 0.8  # type: ignore[index]
    return None


def _swatch_of_colour_word(key: str, legend: Legend) -> Meaning | None:
    """'Amber' printed in a cell, under a key of swatches labelled by their wording (■ On track): the
    word names the swatch of its colour, whose wording is its meaning. None when no single swatch of
    that colour is labelled otherwise."""
    word = {"orange": "amber", "gray": "grey"}.get(key, key)
    if legend.source != "document" or word not in COLOUR_WORDS:
        return None
    found = [
        e
        for e in legend.entries
        if e.colour and colour_name(e.colour) == word and _label_colour_word(e.label) is None
    ]
    return _entry_meaning(found[0]) if len(found) == 1 and _is_defined(_entry_meaning(found[0])) else None


def _names_its_colour(printed: str, fill: str | None, legend: Legend) -> bool:
    """A letter naming its own cell's colour ('Y' on yellow, 'B' on blue) that the key does not print
    as a token of its own: the key's meaning for that colour is the letter's meaning."""
    if len(printed) != 1 or not printed.isalpha() or not fill or legend.source != "document":
        return False
    if any(token_key(e.token or "") == printed.casefold() for e in legend.entries):
        return False
    return colour_name(fill).startswith(printed.casefold())


def _lookup_fill(fill: str, legend: Legend) -> Meaning | None:
    """Meaning of a fill colour: the nearest legend swatch, a legend entry of the same colour family,
    then the default colour families. None for white (an uncoloured cell)."""
    family = colour_name(fill)
    if family in {"white", "unknown"}:
        return None
    swatches = [(e, _colour_distance(fill, e.colour)) for e in legend.entries if e.colour]
    if swatches:
        entry, distance = min(swatches, key=lambda pair: pair[1])
        if distance <= COLOUR_TOLERANCE:
            return _entry_meaning(entry)
    for entry in legend.entries:
        entry_family = colour_name(entry.colour) if entry.colour else _label_colour_word(entry.label)
        if entry_family == family:
            return _entry_meaning(entry)
    return DEFAULT_COLOURS.get(family, NEEDS_LEGEND)


# A scanned fill this close to a key swatch is that swatch as printed: scanning moves a colour by a few
# units ('#e13c33' measured for a printed '#e03c31'); two swatches of one key are far further apart.
SCAN_SNAP_DISTANCE = 24.0


def _printed_colour(fill: str, legend: Legend) -> str:
    """The colour a scanned fill was printed in: the document key's nearest swatch when it is within a
    scan's drift of the fill (SCAN_SNAP_DISTANCE), so every cell of one key colour reports one colour;
    then the Office standard colour within that drift (the key's swatch is scanned too), else the fill
    as measured."""
    colour = fill
    if legend.source == "document":
        swatches = [(e.colour, _colour_distance(fill, e.colour)) for e in legend.entries if e.colour]
        if swatches:
            nearest, distance = min(swatches, key=lambda pair: pair[1])
            colour = nearest if distance <= SCAN_SNAP_DISTANCE else fill
    office, distance = min(((c, _colour_distance(colour, c)) for c in OFFICE_COLOURS), key=lambda p: p[1])
    return office if distance <= SCAN_SNAP_DISTANCE else colour


def pair_by_elimination(
    legend: Legend, cells: Iterable[tuple[str | None, str | None]]
) -> tuple[Legend, str | None]:
    """Give a key's one colourless label the one status colour the key does not name.

    A caption key often names its colours and one state ('Completed = The action is completed;
    Green = ...; Amber = ...; Red = ...') while the status cells show that state only as a fill of
    its own (completed cells filled blue). When exactly one of the key's labels names no colour and
    has no swatch, and the status cells that show only a colour (no readable word) show exactly one
    colour family the key cannot read, the two are paired: the entry takes that colour. Otherwise
    the legend is returned unchanged and such cells stay unknown (uncertain beats wrong).

    Args:
        legend: The edition's legend as read from its key.
        cells: (text, fill) of every status cell in the document's tables.

    Returns:
        The legend (a copy with the paired entry's colour set, when paired) and a note saying what
        was paired, or None when nothing was.
    """
    if legend.source != "document":
        return legend, None
    unnamed = [
        i
        for i, e in enumerate(legend.entries)
        if not e.colour and _label_colour_word(e.label) is None and _is_defined(_entry_meaning(e))
    ]
    if len(unnamed) != 1:
        return legend, None
    unread: dict[str, list[str]] = {}
    for text, fill in cells:
        hex_fill = normalise_hex(fill)
        printed = re.sub(r"\s+", " ", text).strip() if text else ""
        if hex_fill is None or (printed and not _is_shape(printed)):
            continue  # a cell with a word is read by its word
        meaning = _lookup_fill(hex_fill, legend)
        if meaning is not None and not _is_defined(meaning):
            unread.setdefault(colour_name(hex_fill), []).append(hex_fill)
    if len(unread) != 1:
        return legend, None
    ((family, fills),) = unread.items()
    colour = max(set(fills), key=fills.count)
    entry = legend.entries[unnamed[0]]
    entries = [e.model_copy() for e in legend.entries]
    entries[unnamed[0]] = entry.model_copy(update={"colour": colour})
    note = (
        f"key label {entry.label!r} names no colour and the status cells show one colour the key does not "
        f"name, {colour} ({family}): paired by elimination"
    )
    return legend.model_copy(update={"entries": entries}), note


def _reading(
    meaning: Meaning,
    raw: str | None,
    source: StatusSource,
    confidence: float,
    issues: Iterable[tuple[Code, str]] = (),
) -> StatusReading:
    rag, delivery = meaning
    if delivery is None:
        # A plain RAG rating describes work under way; no rating and no state stays unknown.
        delivery = DeliveryState.IN_PROGRESS if rag is not Rag.NONE else DeliveryState.UNKNOWN
    return StatusReading(delivery, rag, raw, source, confidence, tuple(issues))


def read_status(token: str | None, fill: str | None, legend: Legend, *, ocr: bool = False) -> StatusReading:
    """Read one status cell from its text and its fill colour through the edition's legend.

    Args:
        token: The cell's text as printed ('G', 'Amber', '<'), or None.
        fill: The cell's fill colour '#rrggbb', or None.
        legend: The edition's legend (or default_legend()).
        ocr: True when the text came from OCR, which allows known glyph confusions to be undone.

    Returns:
        A StatusReading; the text decides when it is readable (a disagreeing colour adds PT206), the
        colour when the text is missing or garbled (PT207); blue or other colours no legend defines
        give PT215.
    """
    printed = re.sub(r"\s+", " ", token).strip() if token else ""
    hex_fill = normalise_hex(fill)
    fill_meaning = _lookup_fill(hex_fill, legend) if hex_fill else None
    text = _lookup_token(printed, legend) if printed else None
    if (
        fill_meaning is not None
        and _is_defined(fill_meaning)
        and _names_its_colour(printed, hex_fill, legend)
        and any(e.colour for e in legend.entries)
    ):
        text = fill_meaning, 1.0

    if text is not None:
        meaning, confidence = text
        if not _is_defined(meaning) and fill_meaning is not None and _is_defined(fill_meaning):
            # 'B' in a blue cell under a key of coloured swatches: the letter names the colour and the
            # key gives the colour its meaning; any other mark is read from the colour alone.
            names_colour = len(printed) == 1 and colour_name(hex_fill or "").startswith(printed.casefold())
            source = StatusSource.TEXT if names_colour or _is_shape(printed) else StatusSource.CELL_COLOUR
            return _reading(fill_meaning, printed, source, 0.8)
        if not _is_defined(meaning):
            return _reading(
                meaning, printed, StatusSource.TEXT, 0.3, [("PT215", f"status {printed!r} needs a legend")]
            )
        if fill_meaning is not None and _is_defined(fill_meaning) and fill_meaning != meaning:
            note = f"status text {printed!r} kept; cell colour {hex_fill} says otherwise"
            return _reading(meaning, printed, StatusSource.TEXT, confidence * 0.7, [("PT206", note)])
        agree = fill_meaning is not None and fill_meaning == meaning
        return _reading(
            meaning, printed, StatusSource.TEXT, min(1.0, confidence + 0.05) if agree else confidence * 0.95
        )

    if printed and _is_shape(printed) and fill_meaning is not None and _is_defined(fill_meaning):
        # a coloured shape (●, ▲, ■) printed as the status: its colour, through the key, is the status
        return _reading(fill_meaning, printed, StatusSource.TEXT, 0.8)
    if printed:
        glyph = GLYPH_CONFUSIONS.get(printed) if ocr else None
        glyph_meaning = _lookup_token(glyph, legend) if glyph else None
        if fill_meaning is not None and _is_defined(fill_meaning):
            agree = glyph_meaning is not None and glyph_meaning[0] == fill_meaning
            note = f"garbled status {printed!r} read from cell colour {hex_fill}"
            return _reading(
                fill_meaning, printed, StatusSource.CELL_COLOUR, 0.8 if agree else 0.6, [("PT207", note)]
            )
        if glyph_meaning is not None and _is_defined(glyph_meaning[0]):
            note = f"OCR glyph {printed!r} read as {glyph!r} (a common misreading of it in a small cell)"
            return _reading(glyph_meaning[0], printed, StatusSource.TEXT, 0.6, [("PT207", note)])
        issues: list[tuple[Code, str]] = [("PT207", f"garbled status {printed!r} could not be read")]
        if hex_fill and fill_meaning is not None:
            issues.append(("PT215", f"cell colour {hex_fill} ({colour_name(hex_fill)}) needs a legend"))
        return _reading(NEEDS_LEGEND, printed, StatusSource.TEXT, 0.1, issues)

    if hex_fill and fill_meaning is not None:
        if not _is_defined(fill_meaning):
            note = f"cell colour {hex_fill} ({colour_name(hex_fill)}) needs a legend"
            return _reading(fill_meaning, hex_fill, StatusSource.CELL_COLOUR, 0.3, [("PT215", note)])
        # on a scan the colour reported is the key's swatch the fill was printed in, not the measured drift
        raw = _printed_colour(hex_fill, legend) if ocr else hex_fill
        return _reading(fill_meaning, raw, StatusSource.CELL_COLOUR, 0.8)
    return _reading(NEEDS_LEGEND, None, StatusSource.MISSING, 0.0, [("PT208", "no status text or colour")])


def status_from_narrative(text: str) -> StatusReading | None:
    """The status a progress narrative states ('The RAG rating is GREEN.'), or None when it states none."""
    m = NARRATIVE_STATUS_RE.search(text)
    if m is None:
        return None
    meaning = DEFAULT_TOKENS.get(token_key(m.group(1)))
    if meaning is None:
        return None
    issues: list[tuple[Code, str]] = []
    if not _is_defined(meaning):
        issues.append(("PT215", f"narrative status {m.group(1)!r} needs a legend"))
    return _reading(meaning, m.group(1), StatusSource.NARRATIVE, 0.9 if not issues else 0.3, issues)
