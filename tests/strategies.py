"""What people type and upload, as Hypothesis strategies, and forms sent back with fields changed.

Shared by the property-based tests of every app: whatever people type or upload, no page answers
with a server error (500) and the parsers raise nothing but their own documented errors. Hypothesis's
profiles (deterministic in CI) are set in tests/conftest.py.
"""

import csv
import datetime
import io
import string

from django import forms
from hypothesis import strategies as st

from indicators import importer

# --------------------------------------------------------------------------- what people type

# Any character a browser can send (no lone surrogates: they cannot be encoded as UTF-8 at all).
CHARACTERS = st.characters(exclude_categories=("Cs",))
CONTROL = st.characters(min_codepoint=0, max_codepoint=31) | st.sampled_from(["\x7f", "\u200b", "\ufeff", "\u202e"])
DIGITS = st.characters(categories=("Nd",))  # any script's digits: Python's int() reads them all


def huge(alphabet=CHARACTERS):
    """A very long string: one character repeated, or a short pattern repeated, up to 200,000 characters."""
    return st.builds(
        lambda text, times: text * times, st.text(alphabet, min_size=1, max_size=5), st.integers(1, 40_000)
    )


TEXT = st.one_of(
    st.text(CHARACTERS, max_size=60),
    st.text(CONTROL, max_size=10),
    st.text(st.sampled_from(string.digits + "-/. ,QqYy%"), max_size=15),
    st.text(DIGITS | st.sampled_from("-/ Q"), max_size=12),
    huge(),
    st.just(""),
    st.just("\x00"),
)


def either(*strategies):
    """One of the strategies, each as likely (st.one_of would flatten TEXT's seven kinds into its choices)."""
    return st.sampled_from(strategies).flatmap(lambda strategy: strategy)


def like(*valid):
    """A field's value: as often one that the page accepts as anything at all."""
    return either(st.sampled_from(valid), TEXT) if valid else TEXT


PERIOD_LIKE = st.one_of(
    st.from_regex(r"\A\d{4}-\d{1,2}\Z"),
    st.from_regex(r"\A\d{4}[-/]\d{2} ?[Qq][0-9]\Z"),
    st.from_regex(r"\A\d{4}[-/]\d{2}\Z"),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    st.builds(lambda y, q: f"{y:04d}-{(y + 1) % 100:02d} Q{q}", st.integers(0, 9999), st.integers(0, 5)),
    st.builds(lambda y: f"{y:04d}-{(y + 1) % 100:02d}", st.integers(0, 9999)),
    TEXT,
)
CELL = st.one_of(
    st.none(),
    TEXT,
    PERIOD_LIKE,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


def csv_text(rows, delimiter):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


ROWS = st.lists(st.lists(TEXT.filter(lambda t: len(t) < 1000), max_size=7), max_size=12)
HEADERS = st.lists(
    st.sampled_from(["indicator", "period", "category", "value", "note", "area", "source", "Indicator No.", ""])
    | st.text(CHARACTERS, max_size=10),
    max_size=7,
)
FILE_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda header, rows, delimiter, encoding: csv_text([header, *rows], delimiter).encode(encoding, "replace"),
        HEADERS,
        ROWS,
        st.sampled_from([",", ";", "\t"]),
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    ),
    st.builds(
        lambda prefix, rest: prefix + rest, st.sampled_from([b"PK\x03\x04", importer.OLE_SIGNATURE]), st.binary()
    ),
)


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_CELL = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1)),
)


# Where a damaged workbook is cut or overwritten, in ten-thousandths of its length. Drawn as a share, not a byte
# offset: the same rows make a file a byte longer or shorter from one second to the next (openpyxl writes the time
# it saved the file, compressed), and a bound drawn from that length would change between two examples that
# Hypothesis expects to draw alike ("Inconsistent data generation").
SHARES = 10_000


@st.composite
def workbooks(draw):
    """A real workbook (header and rows of any cells), sometimes damaged: bytes cut or overwritten."""
    header = draw(HEADERS.map(lambda cells: [c for c in cells if not any(ord(ch) < 32 for ch in c)]))
    rows = draw(st.lists(st.lists(XLSX_CELL, max_size=6), max_size=8))
    data = bytearray(xlsx_bytes([header, *rows]))
    damage = draw(st.sampled_from(["none", "cut", "overwrite"]))
    if damage == "cut":
        data = data[: len(data) * draw(st.integers(0, SHARES)) // SHARES]
    elif damage == "overwrite":
        at = (len(data) - 1) * draw(st.integers(0, SHARES)) // SHARES
        patch = draw(st.binary(min_size=1, max_size=64))
        data[at : at + len(patch)] = patch
    return bytes(data)


# --------------------------------------------------------------------------- the pages

ANSWERS = {200, 302, 400, 403, 404, 409}  # anything but a server error


def answered(response):
    assert response.status_code in ANSWERS, f"answered {response.status_code}"
    return response


def near(valid, choices=None):
    """The form as the page sends it back, with up to four fields changed to anything or left out.

    `choices` offers, by field name, other values the page itself could send (another status, a
    different period...), so that the checks behind the first ones are reached too.
    """
    choices = choices or {}
    names = sorted(set(valid) | set(choices))

    def change(name):
        others = [st.sampled_from(choices[name])] if choices.get(name) else []
        return st.tuples(st.just(name), either(st.none(), TEXT, *others))

    return st.lists(st.sampled_from(names).flatmap(change), max_size=4).map(lambda pairs: _changed(valid, pairs))


def _changed(valid, pairs):
    post = dict(valid)
    for name, value in pairs:
        if value is None:
            post.pop(name, None)
        else:
            post[name] = value
    return post


def browser_data(*forms_and_formsets):
    """What a browser sends back for these forms and formsets as the page shows them."""
    data = {}
    for item in forms_and_formsets:
        parts = [item.management_form, *item.forms] if hasattr(item, "management_form") else [item]
        for form in parts:
            for name, field in form.fields.items():
                value = form[name].value()
                if isinstance(field.widget, forms.CheckboxInput):
                    if value:
                        data[form.add_prefix(name)] = "on"
                    continue
                shown = field.widget.format_value(value) if value is not None else ""
                if isinstance(shown, list):  # a select: the chosen option
                    shown = shown[0] if shown else ""
                data[form.add_prefix(name)] = "" if shown is None else str(shown)
    return data


def plausible_file(kind):
    """A CSV file of the right shape: cells mostly of the kind people write, others any text but NUL
    (a NUL anywhere makes the whole file binary, refused before its rows are read)."""

    def cell(*valid):
        return st.one_of(st.sampled_from(valid), st.text(CHARACTERS.filter(lambda c: c != "\x00"), max_size=20))

    if kind == importer.COMPARATORS:
        header = ["indicator", "period", "area", "value", "source"]
        third = cell("England", "North East", "statistical neighbours", "Wales")
    else:
        header = ["indicator", "period", "category", "value", "note"]
        third = cell("", "Police", "Female", "Nobody")
    row = st.tuples(
        cell("1", "4", "28", "40", "56a", "99", " 1 "),
        cell("2018-04", "2018-19 Q1", "2018-19", "2017-18", "Apr-18", "01/04/2018", "2999-01", "0000-01"),
        third,
        cell("12", "75.5", "75.5%", "1,234", "-3", "0", "1e3", "NaN", "99999999999999"),
        cell("", "A note."),
    ).map(list)
    text = st.lists(row, min_size=1, max_size=8).map(lambda rows: csv_text([header, *rows], ","))
    return text.map(lambda t: t.encode("utf-8"))


UPLOAD_NAMES = ["values.csv", "values.xlsx", "values.xls", "values", "v\u00e9rit\u00e9 \u2603.csv", "a" * 300 + ".xlsx"]
