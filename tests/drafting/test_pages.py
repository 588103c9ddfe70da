"""Drafting, issuing and downloading through the pages and the API, and who may do what."""

import pytest
from django.test import Client

from accounts.choices import Role
from drafting.models import Download, DraftedDocument


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_draft_issue_and_download_a_notice_on_the_pages(seed_meeting, staff, rendered, media):
    client = signed_in(staff)
    assert (
        'data-testid="draft-notice"' in client.get(f"/meetings/{seed_meeting.pk}/").content.decode()
    )
    with rendered():
        response = client.post(
            "/documents/drafts/new/", {"kind": "notice", "meeting": seed_meeting.pk}
        )
    assert response.status_code == 302
    drafted = DraftedDocument.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Dự thảo" in page
    assert "Hãy nhập họ tên người ký văn bản." in page
    # Issuing without a signer is refused and says why.
    refused = client.post(f"/documents/drafts/{drafted.pk}/issue/", follow=True)
    assert "Hãy nhập họ tên người ký văn bản." in refused.content.decode()
    drafted.refresh_from_db()
    assert drafted.document.number == ""
    assert not drafted.is_issued
    # A recipient list left empty is refused too, with nothing saved.
    bad = client.post(
        f"/documents/drafts/{drafted.pk}/edit/",
        {"place": "", "signer_title": "CHÁNH VĂN PHÒNG", "recipients": "x"},
    )
    assert bad.status_code == 400
    drafted.refresh_from_db()
    assert drafted.place == "Hà Nội"
    with rendered():
        client.post(
            f"/documents/drafts/{drafted.pk}/edit/",
            {
                "place": "Hà Nội",
                "signer_authority": "TL. CHỦ TỊCH",
                "signer_title": "CHÁNH VĂN PHÒNG",
                "signer_name": "Phạm Ngọc Toại",
                "recipients": drafted.recipients,
            },
        )
        issued = client.post(f"/documents/drafts/{drafted.pk}/issue/", follow=True)
    assert "Đã ban hành với số 843/TB-LMHTXVN" in issued.content.decode()
    page = client.get(f"/documents/drafts/{drafted.pk}/").content.decode()
    assert 'data-testid="docx-link"' in page
    assert "843/TB-LMHTXVN" in page
    download = client.get(f"/documents/drafts/{drafted.pk}/file.docx")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="843-tb-lmhtxvn.docx"'
    assert download.content[:2] == b"PK"
    assert client.get(f"/documents/drafts/{drafted.pk}/file.pdf").content[:5] == b"%PDF-"
    assert list(Download.objects.values_list("user", "file_format")) == [
        (staff.pk, "pdf"),
        (staff.pk, "docx"),
    ]
    # The register lists the issued document, never a draft.
    register = client.get("/meetings/documents/").content.decode()
    assert "843/TB-LMHTXVN" in register


def test_who_may_read_draft_and_issue(seed_meeting, staff, user_factory, rendered, media):
    from drafting import services

    with rendered():
        drafted = services.draft_create(kind="notice", meeting=seed_meeting, signer_name="A")
    leader = signed_in(user_factory(Role.LEADERSHIP))
    assert leader.get(f"/documents/drafts/{drafted.pk}/").status_code == 200
    assert leader.get(f"/documents/drafts/{drafted.pk}/file.pdf").status_code == 200
    assert leader.post(f"/documents/drafts/{drafted.pk}/issue/").status_code == 403
    assert leader.post("/documents/drafts/new/", {"kind": "minutes"}).status_code == 403
    officer = user_factory(Role.PROVINCIAL_OFFICER, province="01")
    for client in (signed_in(officer), Client()):
        for url in (
            "/documents/drafts/",
            f"/documents/drafts/{drafted.pk}/",
            f"/documents/drafts/{drafted.pk}/file.docx",
            f"/documents/drafts/{drafted.pk}/status/",
        ):
            assert client.get(url).status_code in (302, 403), url
    drafted.refresh_from_db()
    assert not drafted.is_issued
    assert Download.objects.count() == 1  # the leader's


def test_the_api_drafts_issues_and_serves_the_files(
    seed_meeting, staff, user_factory, api_client, rendered, media
):
    api_client.force_authenticate(staff)
    with rendered():
        created = api_client.post(
            "/api/v1/drafts/", {"kind": "notice", "meeting": seed_meeting.pk}, format="json"
        )
    assert created.status_code == 201, created.content
    draft_id, document_id = created.json()["id"], created.json()["document"]
    refused = api_client.post(f"/api/v1/drafts/{draft_id}/issue/")
    assert refused.status_code == 400
    assert "người ký" in refused.json()["signer_name"][0]
    with rendered():
        assert (
            api_client.patch(
                f"/api/v1/drafts/{draft_id}/", {"signer_name": "Phạm Ngọc Toại"}, format="json"
            ).status_code
            == 200
        )
        issued = api_client.post(f"/api/v1/drafts/{draft_id}/issue/")
    assert issued.json()["number"] == "843/TB-LMHTXVN"
    detail = api_client.get(f"/api/v1/drafts/{draft_id}/").json()
    assert detail["files_ready"]
    assert detail["pdf_url"].endswith(f"/api/v1/documents/{document_id}/pdf/")
    pdf = api_client.get(f"/api/v1/documents/{document_id}/pdf/")
    assert pdf.status_code == 200
    assert pdf.content[:5] == b"%PDF-"
    assert Download.objects.get().via_api
    assert api_client.get(f"/api/v1/documents/{document_id}/txt/").status_code == 404
    assert (
        api_client.patch(
            f"/api/v1/drafts/{draft_id}/", {"signer_name": "Khác"}, format="json"
        ).status_code
        == 400
    )
    # Bad input changes nothing.
    for body in ({"kind": "letter"}, {"kind": "notice", "meeting": 999999}, {"kind": "plan"}):
        assert api_client.post("/api/v1/drafts/", body, format="json").status_code == 400
    assert DraftedDocument.objects.count() == 1

    officer = user_factory(Role.PROVINCIAL_OFFICER, province="01")
    api_client.force_authenticate(officer)
    assert api_client.get("/api/v1/drafts/").status_code == 403
    assert api_client.get(f"/api/v1/documents/{document_id}/docx/").status_code == 403
    assert api_client.post("/api/v1/drafts/", {"kind": "minutes"}).status_code == 403
    leader = user_factory(Role.LEADERSHIP)
    api_client.force_authenticate(leader)
    assert api_client.post(f"/api/v1/drafts/{draft_id}/correction/").status_code == 403
    assert Download.objects.count() == 1


def test_a_file_changed_on_disk_is_not_handed_out(seed_meeting, staff, rendered, media):
    from drafting import services

    with rendered():
        drafted = services.draft_create(kind="minutes", meeting=seed_meeting)
    drafted.refresh_from_db()
    with open(drafted.docx.path, "ab") as handle:
        handle.write(b"tampered")
    response = signed_in(staff).get(f"/documents/drafts/{drafted.pk}/file.docx", follow=True)
    assert "không khớp mã kiểm tra" in response.content.decode()
    assert not Download.objects.exists()
