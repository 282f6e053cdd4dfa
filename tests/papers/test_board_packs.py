"""Board packs: what a board member reads, what is stored, who may generate one, and rendering offline.

The data is small and made with factories (tests/papers/conftest.py), so that every count can be checked
by hand. A PDF takes about a second to render: only a handful of tests render one.
"""

import datetime
import hashlib
import re
import socket
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core import permissions as roles
from indicators.models import IndicatorValue
from indicators.periods import Period
from papers.models import BoardPack
from papers.pack import build_board_pack, changes_since, generate_board_pack, render_board_pack
from papers.pdf import OfflineFetchRefused, OfflineURLFetcher, render_pdf
from plans.models import Activity
from tests.conftest import signed_in_client
from tests.papers.factories import BoardPackFactory
from tests.papers.helpers import (
    ANNUAL_URL,
    DEMAND_TITLE,
    GREEN_TITLE,
    LIST_URL,
    MEETING,
    MISSING_TITLE,
    RED_ACTIONS,
    RED_STORY,
    RED_TITLE,
    pdf_figures,
    pdf_links,
    pdf_text,
    words,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- generating a pack


@pytest.mark.slow
def test_board_pack_generate_stores_pdf_with_cover_exceptions_commentary_and_appendix(
    plan_data, board_admin_client, run_worker
):
    response = board_admin_client.post(LIST_URL, {"meeting_date": "2019-04-18", "period": ""})
    run_worker()  # the background worker makes the pack

    pack = BoardPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("papers:request", args=[pack.request.pk])
    assert (pack.meeting_date, pack.reporting_period) == (MEETING, Period.month(2019, 3))  # the latest month by default
    assert bytes(pack.pdf).startswith(b"%PDF")
    assert pack.pdf_sha256 == hashlib.sha256(bytes(pack.pdf)).hexdigest()
    text = pdf_text(pack.pdf)
    assert "Board pack for the meeting of 18 April 2019" in text
    assert "Scorecard figures up to March 2019" in text
    assert "Brenda Admin" in text
    assert "Exception report: March 2019" in text
    assert f"16. {RED_TITLE}" in text and RED_STORY in text and RED_ACTIONS in text
    assert f"41. {MISSING_TITLE}" in text and "Value missing after the data deadline" in text
    assert "2 of 4 indicators need the board's attention" in text
    appendix = text[text.index("Appendix: the full scorecard") :]
    for title in (RED_TITLE, GREEN_TITLE, DEMAND_TITLE, MISSING_TITLE):
        assert title in appendix
    assert "Red" in appendix and "Green" in appendix and "No rating" in appendix

    page = board_admin_client.get(reverse("papers:detail", args=[pack.pk]))
    html = words(page.content.decode())
    assert page.status_code == 200
    assert "Board pack for the meeting of 18 April 2019" in html
    assert RED_TITLE in html and RED_STORY in html and "Appendix: the full scorecard, March 2019" in html
    assert html.count('class="spc-chart') == 2  # the same server-side SVG charts as the exception report
    assert 'href="/static/css/print.css"' in html


@pytest.mark.slow
def test_board_pack_snapshot_unchanged_after_a_value_is_corrected(plan_data, board_admin_user, viewer_client):
    red = plan_data["indicators"]["red"]
    pack = generate_board_pack(
        plan=plan_data["plan"], meeting_date=MEETING, as_at=Period.month(2019, 3), user=board_admin_user
    )
    stored_pdf, stored_figures, stored_html = bytes(pack.pdf), pack.figures, pack.html
    march = IndicatorValue.objects.get(indicator=red, period_start=datetime.date(2019, 3, 1))

    march.value = Decimal("71.5")
    march.save()

    pack.refresh_from_db()
    assert bytes(pack.pdf) == stored_pdf
    assert hashlib.sha256(bytes(pack.pdf)).hexdigest() == pack.pdf_sha256
    assert pack.figures == stored_figures and pack.html == stored_html
    figures = next(i for i in pack.figures["indicators"] if i["number"] == "16")
    assert (figures["latest"]["text"], figures["rag"]) == ("70.0%", "red")
    assert figures["commentary"]["story"] == RED_STORY
    live = viewer_client.get(reverse("indicators:scorecard")).content.decode()
    assert "71.5%" in live
    stored_page = viewer_client.get(reverse("papers:detail", args=[pack.pk])).content.decode()
    assert "70.0%" in stored_page and "71.5%" not in stored_page
    download = viewer_client.get(reverse("papers:pdf", args=[pack.pk]))
    assert download.content == stored_pdf


@pytest.mark.parametrize("role", [roles.VIEWER, roles.LEAD_OFFICER, roles.DATA_OFFICER, roles.PROGRAMME_BOARD_MEMBER])
def test_board_pack_generate_refused_for_everyone_but_board_administrators(plan_data, make_role_user, role):
    client = signed_in_client(make_role_user("someone", role))

    response = client.post(LIST_URL, {"meeting_date": "2019-04-18", "period": "2019-03"})

    assert response.status_code == 403
    assert "Only board administrators can generate a board pack" in response.content.decode()
    assert not BoardPack.objects.exists()


def test_board_pack_list_readable_by_every_signed_in_role_with_the_form_for_administrators_only(
    plan_data, viewer_client, board_admin_client
):
    pack = BoardPackFactory(plan=plan_data["plan"])

    as_viewer = viewer_client.get(LIST_URL)
    as_admin = board_admin_client.get(LIST_URL)

    assert as_viewer.status_code == as_admin.status_code == 200
    for response in (as_viewer, as_admin):
        assert reverse("papers:detail", args=[pack.pk]) in response.content.decode()
        assert "18 April 2019" in response.content.decode()
    assert "Generate the pack" not in as_viewer.content.decode()
    assert "Generate the pack" in as_admin.content.decode()
    assert "Leave blank for the latest month with figures (March 2019)" in as_admin.content.decode()


def test_board_pack_pages_need_sign_in(client, plan_data):
    pack = BoardPackFactory(plan=plan_data["plan"])

    for url in (LIST_URL, reverse("papers:detail", args=[pack.pk]), reverse("papers:pdf", args=[pack.pk]), ANNUAL_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"meeting_date": "", "period": ""}, "meeting_date", "Enter the date of the meeting."),
        ({"meeting_date": "18 April", "period": ""}, "meeting_date", "Enter the meeting date as a date"),
        ({"meeting_date": "2019-04-18", "period": "March"}, "period", "is not a period"),
        ({"meeting_date": "2019-04-18", "period": "2018-19 Q4"}, "period", "Choose a month"),
        ({"meeting_date": "2019-03-20", "period": "2019-03"}, "period", "March 2019 has not ended before the meeting"),
    ],
    ids=["no-date", "bad-date", "bad-month", "quarter", "month-not-ended"],
)
def test_board_pack_form_errors_shown_next_to_the_field_and_nothing_stored(
    plan_data, board_admin_client, data, field, message
):
    response = board_admin_client.post(LIST_URL, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'href="#id_{field}"' in response.content.decode()  # the error summary links to the field
    assert not BoardPack.objects.exists()


def test_board_pack_pdf_download_is_the_stored_pdf_named_by_meeting_date(plan_data, viewer_client):
    pack = BoardPackFactory(plan=plan_data["plan"], meeting_date=datetime.date(2019, 6, 20))

    response = viewer_client.get(reverse("papers:pdf", args=[pack.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="board-pack-2019-06-20.pdf"'
    assert response.content == bytes(pack.pdf)


def test_board_pack_second_issue_for_a_meeting_is_numbered_and_the_first_points_to_it(plan_data, viewer_client):
    first = BoardPackFactory(plan=plan_data["plan"])
    second = BoardPackFactory(plan=plan_data["plan"], generated_at=first.generated_at + datetime.timedelta(days=1))

    page = viewer_client.get(reverse("papers:detail", args=[first.pk])).content.decode()
    download = viewer_client.get(reverse("papers:pdf", args=[second.pk]))

    assert reverse("papers:detail", args=[second.pk]) in page
    assert (first.issue, second.issue) == (1, 2)
    assert download["Content-Disposition"] == 'attachment; filename="board-pack-2019-04-18-issue-2.pdf"'


def test_board_pack_cannot_be_changed_or_deleted(plan_data):
    pack = BoardPackFactory(plan=plan_data["plan"])

    with pytest.raises(Exception, match="permanent record"):
        pack.save()
    with pytest.raises(Exception, match="permanent record"):
        pack.delete()
    with pytest.raises(Exception, match="permanent record"):
        BoardPack.objects.filter(pk=pack.pk).update(meeting_date=datetime.date(2020, 1, 1))
    with pytest.raises(Exception, match="permanent record"):
        BoardPack.objects.filter(pk=pack.pk).delete()
    pack.refresh_from_db()
    assert pack.meeting_date == MEETING


def test_board_pack_admin_is_read_only(plan_data, admin_client):
    pack = BoardPackFactory(plan=plan_data["plan"])
    change_url = reverse("admin:papers_boardpack_change", args=[pack.pk])

    page = admin_client.get(change_url)
    posted = admin_client.post(change_url, {"meeting_date": "2020-01-01"})
    deleted = admin_client.post(reverse("admin:papers_boardpack_delete", args=[pack.pk]), {"post": "yes"})

    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert posted.status_code == 403 and deleted.status_code == 403
    assert admin_client.get(reverse("admin:papers_boardpack_add")).status_code == 403
    pack.refresh_from_db()
    assert pack.meeting_date == MEETING


# --------------------------------------------------------------------------- what the pack lists


def test_board_pack_first_pack_covers_three_months_or_since_the_plan_started(plan_data):
    plan = plan_data["plan"]
    late = timezone.make_aware(datetime.datetime(2019, 3, 31, 12, 0))
    early = timezone.make_aware(datetime.datetime(2018, 5, 20, 12, 0))

    assert changes_since(plan, MEETING, late) == (timezone.make_aware(datetime.datetime(2018, 12, 31, 12, 0)), True)
    assert changes_since(plan, MEETING, early) == (timezone.make_aware(datetime.datetime(2018, 4, 1)), True)


def test_board_pack_changes_counted_since_the_previous_meetings_pack(plan_data):
    plan = plan_data["plan"]
    older = BoardPackFactory(plan=plan, meeting_date=datetime.date(2019, 1, 17))
    BoardPackFactory(plan=plan, meeting_date=MEETING, generated_at=older.generated_at + datetime.timedelta(days=80))
    now = timezone.make_aware(datetime.datetime(2019, 4, 12, 9, 0))

    since, first = changes_since(plan, MEETING, now)

    assert (since, first) == (older.generated_at, False)  # a second pack for the same meeting covers the same changes


def test_board_pack_lists_projects_overdue_or_updated_since_the_previous_pack(plan_data, board_admin_user):
    plan = plan_data["plan"]
    now = timezone.now()
    since = now - datetime.timedelta(hours=1)
    Activity.objects.filter(pk=plan_data["activities"]["toolkit"].pk).update(due=datetime.date(2099, 1, 1))

    content = build_board_pack(
        plan,
        meeting_date=MEETING,
        as_at=Period.month(2019, 3),
        generated_at=now,
        generated_by=board_admin_user,
        since=since,
    )

    listed = {entry.project.number: entry for entry in content.context["projects"]}
    assert set(listed) == {"1.1", "1.2"}  # 1.3 is neither overdue (due 2099) nor updated
    assert [a.description for a in listed["1.2"].overdue_activities] == [
        "Case system in place",
        "Second cohort trained",
    ]
    assert len(listed["1.2"].updates) == 2 and listed["1.2"].latest_note.note == "Partners agreed the plan."
    assert [a.description for a in listed["1.2"].revised_activities] == ["Case system in place"]
    assert listed["1.1"].overdue_activities == [] and len(listed["1.1"].updates) == 1
    statuses = {p["number"]: (p["status"], p["listed"]) for p in content.figures["projects"]}
    assert statuses == {"1.1": ("complete", True), "1.2": ("on_track", True), "1.3": ("not_started", False)}
    assert content.figures["exception_count"] == 2
    assert [t["by_status"]["complete"] for t in content.figures["themes"]] == [1]

    later = build_board_pack(
        plan,
        meeting_date=MEETING,
        as_at=Period.month(2019, 3),
        generated_at=now,
        generated_by=board_admin_user,
        since=now,
    )
    assert [entry.project.number for entry in later.context["projects"]] == ["1.2"]  # overdue only, no update since


def march_pack(plan_data, user):
    """The content of a pack for the meeting, with the figures up to March 2019, changes counted from now."""
    return build_board_pack(
        plan_data["plan"],
        meeting_date=MEETING,
        as_at=Period.month(2019, 3),
        generated_at=timezone.now(),
        generated_by=user,
        since=timezone.now(),
    )


def test_board_pack_cover_warns_of_demonstration_data(plan_data, board_admin_user):
    IndicatorValue.objects.filter(indicator=plan_data["indicators"]["green"]).update(is_demo=True)

    content = march_pack(plan_data, board_admin_user)

    assert content.figures["demo_data"] is True
    assert "Demonstration data: not real figures." in render_board_pack(content)


def chart_marks(html):
    """Each SPC chart's points, from its circles and squares (a page) or its paths (a paper):
    [({(x, y) of each dot's left edge}, {(x, y, fill) of each square's corner})]."""
    charts = []
    for svg in re.findall(r'<figure class="spc-chart.*?</svg>', html, re.S):
        circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="3"', svg)
        dots = {(round(float(x) - 3, 1), float(y)) for x, y in circles}
        squares = set(re.findall(r'<rect x="(\d+)" y="(\d+)" width="10" height="10" fill="(#\w+)"', svg))
        for d in re.findall(r'<path d="([^"]+)" fill="#1d3557"/>', svg):
            dots |= {(float(x), float(y)) for x, y in re.findall(r"M([\d.]+) ([\d.]+)a3 3 0 1 0 6 0", d)}
        for d, fill in re.findall(r'<path d="([^"]+)" fill="(#\w+)" stroke="#0b0c0c"/>', svg):
            squares |= {(x, y, fill) for x, y in re.findall(r"M(\d+) (\d+)h10v10h-10z", d)}
        charts.append((dots, squares))
    return charts


def test_board_pack_charts_draw_every_point_of_the_exception_report_as_a_few_paths(plan_data, board_admin_user):
    """A PDF shows no tooltip and draws each shape on its own: the pack's charts draw their points as three paths
    at most, in the same places and colours as the exception report's circles and squares."""
    report = signed_in_client(board_admin_user).get(reverse("indicators:exceptions"), {"period": "2019-03"})
    pack = render_board_pack(march_pack(plan_data, board_admin_user))

    on_the_page, in_the_pack = chart_marks(report.content.decode()), chart_marks(pack)
    assert len(in_the_pack) == 2 and all(dots for dots, _ in in_the_pack)
    assert in_the_pack == on_the_page
    for svg in re.findall(r'<figure class="spc-chart.*?</svg>', pack, re.S):
        assert "<circle" not in svg and "<rect" not in svg
        assert svg.count("<title") == 1  # the chart's own name, not a tooltip for each point
        assert svg.count("<path") <= 3


def test_board_pack_pdf_gives_every_figure_words_for_a_screen_reader(plan_data, board_admin_user):
    """A tagged PDF (PDF/UA-1) needs alternative text on every figure: the charts have their titles, and Making Data
    Count's icons, hidden from screen readers on a page where the words beside them say the same, say it too."""
    html = render_board_pack(march_pack(plan_data, board_admin_user))
    icons = re.findall(r'<svg class="mdc-icon', html)

    figures = pdf_figures(render_pdf(html, title="Board pack"))

    assert len(icons) == 4 and len(figures) == html.count("<svg") == 6
    hit_and_miss = "Hit and miss: the target falls within the process limits"
    assert figures == [
        "Special cause: concerning (lower)",  # the red indicator's variation: its latest points ran low
        hit_and_miss,
        f"Indicator 16: {RED_TITLE}",  # its chart
        "Common cause variation",
        hit_and_miss,
        f"Indicator 41: {MISSING_TITLE}",
    ]


# --------------------------------------------------------------------------- offline rendering


def test_pdf_fetcher_refuses_network_and_files_outside_static(settings):
    fetcher = OfflineURLFetcher()
    css = (settings.BASE_DIR / "static" / "css" / "print.css").resolve().as_uri()

    for url in (
        "http://example.org/logo.png",
        "https://example.org/site.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
    ):
        with pytest.raises(OfflineFetchRefused):
            fetcher.fetch(url)
    response = fetcher.fetch(css)

    assert b"@page" in response.read()
    assert fetcher.refused == [
        "http://example.org/logo.png",
        "https://example.org/site.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
    ]


def test_pdf_rendering_makes_no_network_request(monkeypatch):
    attempts = []

    def no_connection(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", no_connection)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: no_connection(None, address))
    fetcher = OfflineURLFetcher()
    body = (
        '<h1>Offline</h1><img src="https://example.org/logo.png" alt="Logo">'
        '<link rel="stylesheet" href="http://example.org/remote.css">'
        '<p><a href="/scorecard/">The scorecard</a></p>'
    )

    pdf = render_pdf(body, title="Offline", origin="https://sscb.example", fetcher=fetcher)

    assert pdf.startswith(b"%PDF") and "Offline" in pdf_text(pdf)
    assert set(fetcher.refused) == {"https://example.org/logo.png", "http://example.org/remote.css"}
    assert any(url.endswith("/static/css/print.css") for url in fetcher.fetched)  # the stylesheets came from disk
    assert attempts == []
    assert pdf_links(pdf) == ["https://sscb.example/scorecard/"]  # site links are written out, never fetched


def test_pdf_layout_runs_the_garbage_collector_less_often_and_as_usual_after(monkeypatch):
    import gc

    from core.collecting import GENERATION_0
    from papers import pdf

    usual = gc.get_threshold()
    during = []
    write_pdf = pdf.HTML.write_pdf

    def recording(self, *args, **kwargs):
        during.append(gc.get_threshold()[0])
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "write_pdf", recording)
    assert render_pdf("<p>A short paper.</p>", title="Short").startswith(b"%PDF")
    assert during == [GENERATION_0]
    assert gc.get_threshold() == usual
