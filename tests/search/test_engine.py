"""The search engine finds what a Vietnamese reader typing without accents expects, ranked,
and only what the reader may see."""

import pytest
from django.utils import translation

from accounts.choices import Role
from inspections.choices import ComplainantKind
from search import engine
from tests.factories.cooperatives import make_cooperative
from tests.factories.inspections import make_complaint
from tests.factories.meetings import make_conclusion, make_document, make_meeting
from tests.factories.tasks import make_task

pytestmark = pytest.mark.django_db


def titles(user, text, kind):
    results = engine.search(user, text, kind=kind)
    return [hit.title for group in results.groups for hit in group.page.object_list]


@pytest.fixture
def staff(user_factory):
    return user_factory(Role.STAFF)


@pytest.fixture
def register(provinces):
    return {
        "farm": make_cooperative("01", name="Hợp tác xã nông nghiệp Thành Công"),
        "farm2": make_cooperative("79", name="HTX Nông nghiệp dịch vụ Tân Phú"),
        "cattle": make_cooperative("79", name="Hợp tác xã chăn nuôi bò sữa Đồng Tâm"),
        "transport": make_cooperative("79", name="Hợp tác xã vận tải Sài Gòn"),
        "hanoi": make_cooperative("01", name="HTX Rau sạch Thanh Xuân"),
    }


def test_words_without_accents_find_the_cooperatives_holding_them(staff, register):
    found = titles(staff, "hop tac xa nong nghiep", "cooperative")
    assert found[0] == "Hợp tác xã nông nghiệp Thành Công"
    assert "HTX Nông nghiệp dịch vụ Tân Phú" in found
    assert "Hợp tác xã vận tải Sài Gòn" not in found


def test_a_province_name_finds_its_cooperatives(staff, register):
    found = titles(staff, "ha noi", "cooperative")
    assert set(found) == {"Hợp tác xã nông nghiệp Thành Công", "HTX Rau sạch Thanh Xuân"}


def test_d_finds_the_barred_d(staff, register):
    assert titles(staff, "dong tam", "cooperative") == ["Hợp tác xã chăn nuôi bò sữa Đồng Tâm"]


def test_one_letter_off_still_finds(staff, register):
    assert titles(staff, "chan nuio", "cooperative")[0] == "Hợp tác xã chăn nuôi bò sữa Đồng Tâm"
    assert titles(staff, "nong nghep thanh cong", "cooperative")[0] == (
        "Hợp tác xã nông nghiệp Thành Công"
    )


def test_near_misses_are_shown_only_when_nothing_holds_the_words(staff, register):
    # "dong tam" is in a cooperative's name; the document says "Đồng Tân", one letter off.
    make_document(title="Kế hoạch hỗ trợ HTX Đồng Tân")

    def found(text):
        results = engine.search(staff, text)
        return {g.kind.key: [h.title for h in g.page.object_list] for g in results.groups}

    hits = found("dong tam")
    assert hits["cooperative"] == ["Hợp tác xã chăn nuôi bò sữa Đồng Tâm"]
    assert hits["document"] == []  # what was typed was found: no near misses beside it
    # Misspelt so that nothing holds it, the query finds the similar rows of every kind.
    hits = found("dong tamm")
    assert "Hợp tác xã chăn nuôi bò sữa Đồng Tâm" in hits["cooperative"]
    assert hits["document"] == ["Kế hoạch hỗ trợ HTX Đồng Tân"]
    # One kind asked alone still looks for its own similar rows.
    assert titles(staff, "dong tam", "document") == ["Kế hoạch hỗ trợ HTX Đồng Tân"]


def test_a_document_number_comes_first(staff, provinces):
    make_document("1784/QĐ-TTg", title="Quyết định phê duyệt đề án")
    make_document("12/TB-LMHTXVN", title="Thông báo về văn bản 784/TB-LMHTXVN")
    make_document("784/TB-LMHTXVN", title="Thông báo kết luận của Thường trực")
    found = titles(staff, "784", "document")
    assert found[0] == "Thông báo kết luận của Thường trực"
    assert len(found) == 3


def test_a_phrase_finds_documents_and_meetings(staff, provinces):
    make_document(title="Thông báo kết luận của Thường trực Liên minh HTX Việt Nam")
    make_document(title="Kế hoạch tổ chức hội nghị")
    meeting = make_meeting(title="Giao ban tháng 11/2021")
    make_conclusion(meeting, text="Ban hành thông báo kết luận trong tuần.")
    assert titles(staff, "thong bao ket luan", "document") == [
        "Thông báo kết luận của Thường trực Liên minh HTX Việt Nam"
    ]
    assert titles(staff, "thong bao ket luan", "meeting") == ["Giao ban tháng 11/2021"]


def test_whole_words_rank_above_words_inside_longer_ones(staff, provinces):
    make_task(title="Tổng kết Xuân Quang")
    make_task(title="Chương trình An toàn")
    assert titles(staff, "an", "task")[0] == "Chương trình An toàn"


def test_a_provincial_officer_searches_their_own_province_only(user_factory, register):
    officer = user_factory(Role.PROVINCIAL_OFFICER, province="79")
    make_document(title="Thông báo nông nghiệp")
    results = engine.search(officer, "nong nghiep")
    assert [group.kind.key for group in results.groups] == ["cooperative"]
    found = [hit.title for hit in results.groups[0].page.object_list]
    assert found == ["HTX Nông nghiệp dịch vụ Tân Phú"]


def test_complainants_names_are_searched_only_by_those_who_may_see_them(user_factory, provinces):
    make_complaint(
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="Trần Thị Đơn",
        subject="Tố cáo của một thành viên",
    )
    assert titles(user_factory(Role.STAFF), "tran thi don", "complaint") == []
    assert len(titles(user_factory(Role.INSPECTOR), "tran thi don", "complaint")) == 1
    results = engine.search(user_factory(Role.LEADERSHIP), "to cao thanh vien", "complaint")
    (hit,) = results.groups[0].page.object_list
    assert "Trần" not in f"{hit.title} {hit.meta} {hit.snippet}"
    assert "Đơn" not in f"{hit.title} {hit.meta} {hit.snippet}"


def test_roles_without_casework_do_not_search_it(user_factory, provinces):
    make_complaint(subject="Khiếu nại đất đai")
    kinds = [g.kind.key for g in engine.search(user_factory(Role.API_CLIENT), "dat dai").groups]
    assert kinds == ["cooperative"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Hãy nhập từ cần tìm."),
        ("   ", "Hãy nhập từ cần tìm."),
        ("a", "Hãy nhập ít nhất 2 ký tự để tìm."),
        ("x" * 10_000, "Từ khóa quá dài: tối đa 200 ký tự."),
        ("'; --", "Từ khóa cần có ít nhất một chữ cái hoặc chữ số."),
        ("%%", "Từ khóa cần có ít nhất một chữ cái hoặc chữ số."),
        (" ".join(f"tu{n}" for n in range(13)), "Từ khóa có quá nhiều từ: tối đa 12 từ."),
    ],
)
def test_a_query_that_cannot_be_searched_says_why(staff, text, message):
    with translation.override("vi"), pytest.raises(engine.SearchQueryError) as error:
        engine.search(staff, text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "' OR 1=1 --",
        "x'); DROP TABLE meetings_document; --",
        "100%_off",
        "zz' || pg_sleep(5) --",
        "zz\x00yy\x1b",
    ],
)
def test_injection_like_text_is_only_text(staff, provinces, text):
    make_document(title="Kế hoạch năm")
    results = engine.search(staff, text)
    assert results.total == 0
    assert engine.search(staff, "ke hoach").total == 1


def test_highlights_are_escaped_and_mark_the_words():
    query = engine.parse_query("ha noi")
    html = engine.highlight("<b>Hà Nội</b> & Hà Nam", query)
    assert html == "&lt;b&gt;<mark>Hà</mark> <mark>Nội</mark>&lt;/b&gt; &amp; <mark>Hà</mark> Nam"


def test_an_excerpt_starts_near_the_first_word():
    query = engine.parse_query("ket luan")
    text = "Mở đầu. " * 60 + "Thông báo kết luận số 5." + " Phần sau." * 60
    snippet = engine.excerpt(text, query)
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "kết luận" in snippet
    assert len(snippet) <= engine.SNIPPET_LENGTH + 2


def test_the_search_uses_the_trigram_indexes(staff, register):
    from django.db import connection

    rows = engine.matching(
        engine.KINDS_BY_KEY["cooperative"],
        engine.KINDS_BY_KEY["cooperative"].rows(staff),
        engine.parse_query("nong nghiep"),
        staff,
    )
    compiled, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {compiled}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_cooperative_trgm" in plan
    assert "Seq Scan on cooperatives_cooperative" not in plan


def test_without_unaccent_the_vietnamese_letters_fold_the_same(db):
    from django.db import connection

    from search import sql

    fallback = sql.unaccent_function_sql(None).replace(
        "FUNCTION vca_unaccent", "FUNCTION pg_temp.vca_fold_letters"
    )
    text = "Hợp Tác Xã ĐỒNG Tháp ưu tiên Phước Lộc Thịnh Vượng ỹ"
    with connection.cursor() as cursor:
        cursor.execute(fallback)
        cursor.execute("SELECT pg_temp.vca_fold_letters(%s), vca_unaccent(%s)", [text, text])
        folded_here, folded_by_unaccent = cursor.fetchone()
    assert folded_here == folded_by_unaccent == engine.fold(text)


def _change_name_column(length: int) -> None:
    from django.db import connection
    from django.db.migrations.state import ProjectState

    from search.operations import around_searched_columns

    before, after = around_searched_columns("cooperatives_cooperative")
    state = ProjectState()
    with connection.schema_editor() as editor:
        before.database_forwards("search", editor, state, state)
        editor.execute(
            f'ALTER TABLE cooperatives_cooperative ALTER COLUMN "name" TYPE varchar({length})'
        )
        after.database_forwards("search", editor, state, state)


@pytest.mark.django_db(transaction=True)
def test_a_searched_column_can_change_between_the_operations(provinces, user_factory):
    _change_name_column(300)
    try:
        make_cooperative("79", name="Hợp tác xã chăn nuôi bò sữa Đồng Tâm")
        staff = user_factory(Role.STAFF)
        assert titles(staff, "dong tam", "cooperative") == ["Hợp tác xã chăn nuôi bò sữa Đồng Tâm"]
    finally:
        from cooperatives.models import Cooperative

        Cooperative.objects.all().delete()
        _change_name_column(255)


def test_the_best_match_is_first_when_more_rows_match_than_are_ranked(
    staff, provinces, monkeypatch
):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    monkeypatch.setattr(engine, "WINDOW", 4)  # the newest four rows are looked in first
    best = make_cooperative("01", name="Hợp tác xã nông nghiệp Thành Công")
    for number in range(6):  # newer, and holding the words only apart
        make_cooperative("01", name=f"HTX Nông nghiệp dịch vụ số {number}")
    found = titles(staff, "hop tac xa nong nghiep", "cooperative")
    assert found[0] == best.name
    assert len(found) == 7
    assert titles(staff, best.registration_code.lower(), "cooperative")[0] == best.name
