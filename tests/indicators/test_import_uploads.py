"""Uploads that are not what they claim, or too big, are refused beside the file field with a clear message."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from indicators.models import ImportBatch
from tests.pages import field_block

# --------------------------------------------------------------------------- uploads

IMPORT_PAGE = "/scorecard/import/"


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>'
)
NOT_A_WORKBOOK = "The file is not a valid Excel workbook (.xlsx)"
BAD_UPLOADS = [
    ("a PNG named .xlsx", png_bytes(), "values.xlsx", NOT_A_WORKBOOK),
    ("a zip of other files named .xlsx", zip_bytes({"notes.txt": "hello"}), "values.xlsx", NOT_A_WORKBOOK),
    (
        "a zip with no workbook parts named .xlsx",
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "docProps/app.xml": "<Properties/>"}),
        "values.xlsx",
        NOT_A_WORKBOOK,
    ),
    ("a binary .csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "values.csv", "holds binary data"),
    ("a PNG named .csv", png_bytes(), "values.csv", "holds binary data"),
]


@pytest.mark.parametrize(("label", "content", "name", "message"), BAD_UPLOADS, ids=[case[0] for case in BAD_UPLOADS])
def test_a_file_that_is_not_what_it_claims_is_refused_beside_the_file_field(
    seed_plan, data_officer_client, label, content, name, message
):
    response = data_officer_client.post(
        IMPORT_PAGE, {"kind": "values", "file": SimpleUploadedFile(name, content, "application/octet-stream")}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_block(html, "file")
    assert 'href="#id_file"' in html  # the error summary links to the field
    assert not ImportBatch.objects.exists()


def test_an_oversized_upload_is_refused_beside_the_file_field(seed_plan, data_officer_client, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    rows = "".join(f"1,2018-04,,{n},padding {'x' * 80}\r\n" for n in range(30_000))
    content = ("indicator,period,category,value,note\r\n" + rows).encode()
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # so the upload goes to a temporary file

    response = data_officer_client.post(IMPORT_PAGE, {"kind": "values", "file": SimpleUploadedFile("big.csv", content)})

    block = field_block(response.content.decode(), "file")
    assert response.status_code == 200
    assert re.search(r"The file is [\d.]+ MB; the largest accepted is 1 MB\.", block)
    assert not ImportBatch.objects.exists()
