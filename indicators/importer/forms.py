"""The upload form of the bulk import. Reading the file is part of cleaning it: its problems show on the field."""

from django import forms
from django.conf import settings

from ..models import ImportBatch
from . import read


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=ImportBatch.Kind.choices,
        initial=ImportBatch.Kind.VALUES,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="File",
        error_messages={"empty": "The file is empty.", "required": "Choose a .csv or .xlsx file to upload."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A .csv or .xlsx file of up to {read.size_text(settings.IMPORT_MAX_BYTES)} "
            f"and {settings.IMPORT_MAX_ROWS:,} rows, with a header row. Nothing is saved until you confirm."
        )

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload is not None and kind:
            try:
                cleaned["rows"] = read.read_table(upload, upload.name, kind=kind)
            except read.ImportFileError as error:
                self.add_error("file", str(error))
        return cleaned
