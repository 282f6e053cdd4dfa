"""Forms of the browser data entry: the period picker (GET) and the grid of values (POST)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from plans.models import ProgrammeBoard

from ..periods import Period, PeriodError
from .grid import STATUS_NEEDS_FIGURE, Change, recent_periods
from .numbers import agrees, figure_errors, parse_number, show_number, takes_fraction, value_from_fraction

REFUSED = object()  # what _number() returns for a box whose text is refused
FINAL, PROVISIONAL = "final", "provisional"
STATUS_CHOICES = [(FINAL, "Final"), (PROVISIONAL, "Provisional")]
CODE_HELP = (
    "A month as 2018-04, a quarter as 2018-19 Q1, a financial year as 2018-19, an academic year as AY 2018-19, "
    "a calendar year as 2018, or a school term as Autumn 2018. Used instead of the list."
)


class PeriodPickerForm(forms.Form):
    """Which period and which programme board the grid shows. Its query string is the grid's address."""

    period = forms.CharField(required=False, label="Recent period", widget=forms.Select)
    code = forms.CharField(required=False, max_length=30, label="Or type a period", help_text=CODE_HELP)
    board = forms.ModelChoiceField(
        queryset=ProgrammeBoard.objects.none(),
        required=False,
        empty_label="All programme boards",
        label="Programme board",
    )

    def __init__(self, *args, plan, today, **kwargs):
        super().__init__(*args, **kwargs)
        groups = recent_periods(today)
        self.recent_codes = {period.code for _, periods in groups for period in periods}
        self.fields["period"].widget.choices = [
            ("", "Choose a period"),
            *((heading, [(period.code, period.label) for period in periods]) for heading, periods in groups),
        ]
        self.fields["board"].queryset = (
            ProgrammeBoard.objects.filter(scorecard_entries__plan=plan).distinct().order_by("name")
        )

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("code") or "").strip()
        name, text = ("code", code) if code else ("period", cleaned.get("period") or "")
        if not text:
            self.add_error("period", "Choose a period from the list, or type one.")
            return cleaned
        try:
            cleaned["chosen_period"] = Period.parse(text)
        except PeriodError as error:
            self.add_error(name, str(error))
        return cleaned

    def query(self):
        """The grid's query string parameters: ?period=2018-04&board=3."""
        params = {"period": self.cleaned_data["chosen_period"].code}
        if self.cleaned_data.get("board"):
            params["board"] = self.cleaned_data["board"].pk
        return params

    def normalised(self, *, plan, today):
        """An unbound picker showing the chosen period: in the list if it is recent, else in the text box."""
        period = self.cleaned_data["chosen_period"]
        board = self.cleaned_data.get("board")
        initial = {"board": board.pk if board else None}
        if period.code in self.recent_codes:
            initial["period"] = period.code
        else:
            initial["code"] = period.code
        return PeriodPickerForm(initial=initial, plan=plan, today=today)


# The grid has a box, a list and a note for every figure of every indicator: a few hundred widgets on a page.
# Django renders each from its templates (three for a text box, one more per option of a list), which cost most
# of the grid's page. These widgets write the very same HTML directly (tests/indicators/test_value_entry_page.py
# compares them with Django's own rendering).


class QuickTextInput(forms.TextInput):
    """A text input written without templates: the HTML of Django's input.html."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = format_html(' value="{}"', widget["value"]) if widget["value"] is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown, html_attrs(widget["attrs"])
        )


class QuickSelect(forms.Select):
    """A select of plain choices (no groups) written without templates: the HTML of Django's select.html."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _ in widget["optgroups"]:
            if group_name:
                raise ValueError("QuickSelect writes plain choices, not groups of them.")
            options += [(option["value"], html_attrs(option["attrs"]), option["label"]) for option in group]
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            html_attrs(widget["attrs"]),
            format_html_join("", '\n  <option value="{}"{}>{}</option>\n', options),
        )


class QuickTextarea(forms.Textarea):
    """A text area written without templates: the HTML of Django's textarea.html."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', widget["name"], html_attrs(widget["attrs"]), widget["value"] or ""
        )


def html_attrs(attrs):
    """Attributes as Django's attrs.html writes them: True as the name alone, False left out."""
    shown = []
    for name, value in attrs.items():
        if value is not False:
            shown.append((name, "" if value is True else format_html('="{}"', value)))
    return format_html_join("", " {}{}", shown)


class NumberInput(QuickTextInput):
    """A text box for a figure: a plain text input so that nothing the person types is lost on an error."""

    def __init__(self, attrs=None):
        base = {
            "class": "form-control form-control-sm w-auto",
            "inputmode": "decimal",
            "autocomplete": "off",
            "size": "9",
        }
        super().__init__({**base, **(attrs or {})})


class ValueGridForm(forms.Form):
    """One text box per figure of every indicator in the grid, and a note per indicator.

    After is_valid(), `changes` holds a Change for every cell with something typed in it and `notes`
    maps indicator ids to the notes typed. Blank cells are left out: a blank means "no change".
    Each cell has a hidden field with the version of the figure the page showed; `versions` maps the
    cell's key to it (a cell whose hidden field was not sent is left out, and so not checked).
    """

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.changes = []
        self.notes = {}
        self.versions = {}
        for row in grid.rows:
            for cell in row.cells:
                self.fields[cell.version_name] = forms.CharField(
                    required=False, max_length=40, initial=cell.version, widget=forms.HiddenInput
                )
                for part in cell.parts:
                    self.fields[cell.name(part)] = forms.CharField(
                        required=False, max_length=30, label=f"{cell.label}, {part}", widget=NumberInput()
                    )
                self.fields[cell.status_name] = forms.ChoiceField(
                    required=False,
                    choices=STATUS_CHOICES,
                    initial=PROVISIONAL if cell.is_provisional else FINAL,
                    label=f"{cell.label}, final or provisional",
                    widget=QuickSelect(attrs={"class": "form-select form-select-sm w-auto"}),
                )
            self.fields[row.note_name] = forms.CharField(
                required=False,
                max_length=2000,
                label=row.note_label,
                widget=QuickTextarea(attrs={"rows": 2, "cols": 30, "class": "form-control form-control-sm"}),
            )

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self):
        """Bootstrap's red border on every box with an error (Django adds aria-invalid and aria-describedby)."""
        if not self.is_bound:
            return
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])

    def clean(self):
        cleaned = super().clean()
        self.changes = []
        self.notes = {}
        self.versions = {}
        for row in self.grid.rows:
            for cell in row.cells:
                if cell.version_name in self.data:
                    self.versions[cell.key] = cleaned.get(cell.version_name) or ""
                change = self._clean_cell(cell, cleaned)
                if change is not None:
                    self.changes.append(change)
            note = (cleaned.get(row.note_name) or "").strip()
            if note:
                self.notes[row.indicator.pk] = note
                overall_typed = any(change.cell is row.overall for change in self.changes)
                if not overall_typed and row.overall.current is None:
                    self.add_error(
                        row.note_name, "Enter the overall figure as well: a note is kept with the overall figure."
                    )
        return cleaned

    def _number(self, cell, part, cleaned):
        """The Decimal typed in one box, None if blank; REFUSED (and an error beside the box) otherwise."""
        name = cell.name(part)
        text = (cleaned.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_number(text)
        except ValidationError as error:
            self.add_error(name, error)
            return REFUSED

    def _clean_cell(self, cell, cleaned):
        indicator = cell.indicator
        value = self._number(cell, "value", cleaned)
        numerator = denominator = None
        if takes_fraction(indicator.unit):
            numerator = self._number(cell, "numerator", cleaned)
            denominator = self._number(cell, "denominator", cleaned)
        if any(number is REFUSED for number in (value, numerator, denominator)):
            return None
        ok = True
        if value is not None and (message := figure_errors(indicator, value)):
            self.add_error(cell.name("value"), message)
            ok = False
        if numerator is not None and numerator < 0:
            self.add_error(cell.name("numerator"), "A numerator cannot be negative.")
            ok = False
        if denominator is not None and denominator <= 0:
            self.add_error(cell.name("denominator"), "A denominator must be greater than zero.")
            ok = False
        if numerator is not None and denominator is None:
            self.add_error(cell.name("denominator"), "Enter the denominator as well as the numerator, or neither.")
            ok = False
        if denominator is not None and numerator is None:
            self.add_error(cell.name("numerator"), "Enter the numerator as well as the denominator, or neither.")
            ok = False
        if not ok:
            return None
        provisional = self._status(cell, cleaned, typed=value is not None or numerator is not None)
        if provisional is REFUSED:
            return None
        if numerator is None:
            if value is None:
                return Change(cell, None, is_provisional=provisional) if provisional is not None else None
            return Change(cell, value, is_provisional=provisional)
        computed = value_from_fraction(indicator.unit, numerator, denominator)
        if value is None:
            if message := figure_errors(indicator, computed):
                self.add_error(
                    cell.name("numerator"),
                    f"{show_number(numerator)} ÷ {show_number(denominator)} gives {computed}. {message}",
                )
                return None
            value = computed
        elif not agrees(indicator.unit, value, numerator, denominator):
            self.add_error(
                cell.name("value"),
                f"The value {show_number(value)} does not match the numerator and denominator, which give {computed}. "
                "Correct one of them, or leave the value blank.",
            )
            return None
        return Change(cell, value, numerator, denominator, provisional)

    def _status(self, cell, cleaned, *, typed):
        """True or False where the list asks to change whether the figure is provisional; None for no change.

        A list the page did not send, or left as the figure stands, changes nothing. A new figure takes
        the list's choice. REFUSED (and an error beside the list) for "provisional" with no figure at all.
        """
        if cell.status_name not in self.data:
            return None
        chosen = cleaned.get(cell.status_name) or FINAL
        wanted = chosen == PROVISIONAL
        if cell.current is None:
            if typed:
                return wanted
            if wanted:
                self.add_error(cell.status_name, STATUS_NEEDS_FIGURE)
                return REFUSED
            return None
        return wanted if wanted != cell.current.is_provisional else None

    def show_conflicts(self, conflicts, fresh_grid):
        """Errors beside the figures someone else changed, and the versions of now, so that saving again
        replaces them on purpose. What the person typed stays in the boxes."""
        typed = {change.cell.key for change in self.changes}
        cells = {cell.name("value"): cell for cell in self.grid.cells}
        for conflict in conflicts:
            cell = cells[conflict.where]
            name = conflict.where
            if cell.key not in typed:
                name = next(row.note_name for row in self.grid.rows if row.indicator.pk == cell.indicator.pk)
            self.add_error(
                name,
                f"{conflict.message} Nothing was saved. Your entry is kept here: save again to replace "
                "their figure with yours, or clear the box to keep theirs.",
            )
        self.data = self.data.copy()
        for cell in fresh_grid.cells:
            self.data[cell.version_name] = cell.version
        self.mark_invalid()

    def summary(self):
        """(anchor, message) for the error summary, in page order, each naming its cell."""
        items = [("", message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            for message in self.errors.get(name, []):
                items.append((self[name].id_for_label, f"{field.label}: {message}"))
        return items
