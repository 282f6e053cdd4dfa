"""What the board papers tests share: their addresses, the titles and words of the plan_data fixture
(tests/papers/conftest.py), and reading the text and links of a PDF.
"""

import datetime
import io

from django.urls import reverse
from pypdf import PdfReader

LIST_URL = reverse("papers:list")
ANNUAL_URL = reverse("papers:annual_report")
MEETING = datetime.date(2019, 4, 18)

RED_TITLE = "Assessments completed within timescale"
GREEN_TITLE = "Children seen within 24 hours of a referral"
DEMAND_TITLE = "Referrals received by children's social care"
MISSING_TITLE = "Missing episodes reported to the police"
RED_STORY = "Staff sickness in the assessment team slowed the visits."
RED_ACTIONS = "Agency social workers joined the team in March."


def words(text):
    """Text with every run of white space made one space, as a reader sees it across line breaks."""
    return " ".join(text.split())


def pdf_text(data):
    return words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(data))).pages))


def pdf_links(data):
    """The addresses of the PDF's link annotations, in page order."""
    links = []
    for page in PdfReader(io.BytesIO(bytes(data))).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                links.append(str(action["/URI"]))
    return links


def pdf_figures(data):
    """The alternative text of every figure in the PDF's structure tree (tagged PDF), in document order;
    "" for a figure without one."""
    root = PdfReader(io.BytesIO(bytes(data))).trailer["/Root"]
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):  # a marked-content id: no element below
            return
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        if "/K" in node:
            walk(node["/K"])

    walk(root["/StructTreeRoot"])
    return figures
