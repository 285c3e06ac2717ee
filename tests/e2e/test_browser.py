"""End-to-end: a person follows the board from the home page to an evidence file, the
filters work without JavaScript, and axe-core finds no WCAG 2.1 A/AA violation on the
main pages (home, plan, commitment, milestone, a milestone with civil society's
assessments and the government's response, search results, an institution, about,
open data and the API page) at phone and desktop widths, none of which scrolls
sideways at 360 px (screenshots saved as CI artifacts). On a phone the plan's
commitments start near the top and a milestone's activities are cards; progress
figures come with their explanation, one click away."""

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from planes.models import CivilSocietyAssessment, MilestonePage

from .conftest import AXE_JS, OUTPUT

pytestmark = pytest.mark.e2e

#: axe-core rule tags checked: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (360, 1280)


def sign_in_as_approver(page, base_url):
    """The demo approver through the admin's login form (two-step relaxed in tests)."""
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=username]", "aprobadora")
    page.fill("input[name=password]", "tablero-aprobadora")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def open_current_plan(page, base_url):
    page.goto(base_url + "/")
    page.locator("#plan-actual a").click()
    page.wait_for_load_state()
    return page.url


def open_filters(page):
    """Unfold the plan's filters (a <details>: the commitments come first)."""
    filters = page.locator("details.filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    return filters.locator("form")


def select_first_option(page, name):
    """Pick the first real (non-empty) option of a filter; returns its value."""
    values = page.locator(f"select[name={name}] option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )
    assert values, f"el filtro {name} no tiene opciones"
    page.select_option(f"select[name={name}]", values[0])
    return values[0]


def card_levels(page):
    classes = page.locator(".commitment-card .meta .badge[class*='level-']").evaluate_all(
        "badges => badges.map(b => [...b.classList].find(c => c.startsWith('level-')))"
    )
    return [c.removeprefix("level-") for c in classes]


def find_milestone_with_download(page, commitment_urls):
    """The first milestone page (among these commitments') with a downloadable evidence."""
    for commitment_url in commitment_urls:
        page.goto(commitment_url)
        hrefs = page.locator(".timeline h3 a").evaluate_all("links => links.map(a => a.href)")
        for href in hrefs:
            page.goto(href)
            if page.locator("a.evidence-download").count():
                return href
    return None


def test_journey_home_plan_filters_commitment_milestone_download(demo_site, new_page):
    page = new_page()

    # Home: the current plan first, with its progress and counts in text.
    page.goto(demo_site + "/")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("heading", name="Compromisos por nivel de cumplimiento").count()
    assert page.get_by_role("heading", name="Compromisos por situación").count()
    assert re.search(r"\d+(\.\d)? %", page.locator(".progress-ring figcaption").inner_text())

    # Keyboard: the first Tab reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"

    # Plan dashboard, then two filters combined in a shareable GET query string.
    plan_url = open_current_plan(page, demo_site)
    total = page.locator(".commitment-card").count()
    assert total > 0
    form = open_filters(page)
    assert form.get_attribute("method") == "get"
    # Institutions by name, with the acronym: «Secretaría de la Función Pública (SFP)».
    options = page.locator("select[name=institucion] option").all_inner_texts()
    assert any(re.fullmatch(r".{12,} \([A-ZÁÉÍÓÚÑ]{2,}\)", o) for o in options), options
    institution = select_first_option(page, "institucion")
    form.get_by_role("button", name="Aplicar").click()
    page.wait_for_url(re.compile(r"institucion="))
    assert 0 < page.locator(".commitment-card").count() <= total
    # Folded again after applying, with what is applied named beside the list.
    assert "Institución responsable:" in page.locator(".filters-applied").inner_text()
    level = card_levels(page)[0]
    form = open_filters(page)
    page.select_option("select[name=nivel]", level)
    form.get_by_role("button", name="Aplicar").click()
    page.wait_for_url(re.compile(r"nivel="))
    query = parse_qs(urlparse(page.url).query)
    assert query["institucion"] == [institution]
    assert query["nivel"] == [level]
    cards = page.locator(".commitment-card")
    assert cards.count() >= 1
    assert set(card_levels(page)) == {level}
    for i in range(cards.count()):
        assert cards.nth(i).locator(f"a[href$='/instituciones/{institution}/']").count()
    # The same URL, opened afresh, shows the same result: filters are shareable.
    filtered = page.url
    shared = new_page()
    shared.goto(filtered)
    assert shared.locator(".commitment-card").count() == cards.count()
    assert page.get_by_role("link", name="Quitar filtros").count()

    # A commitment: breadcrumbs, progress in text, milestones as a timeline.
    cards.first.locator("h3 a").click()
    page.wait_for_load_state()
    commitment_url = page.url
    breadcrumbs = page.get_by_role("navigation", name="Ruta de navegación")
    assert breadcrumbs.get_by_role("link", name="Inicio").count()
    assert "Avance" in page.locator("main .progress-figure").inner_text()
    assert page.locator(".timeline").count()

    # A milestone with evidence (this commitment's first, else another commitment's).
    page.goto(plan_url)
    others = page.locator(".commitment-card h3 a").evaluate_all("a => a.map(x => x.href)")
    milestone_url = find_milestone_with_download(
        page, [commitment_url] + [u for u in others if u != commitment_url]
    )
    assert milestone_url, "ninguna acción clave publicada tiene evidencias descargables"
    assert page.locator("table.activities thead th").count() == 5
    link = page.locator("a.evidence-download").first
    info = link.locator("xpath=following-sibling::span[1]").inner_text()
    assert re.search(r"\((descarga )?[A-Z0-9]+, [\d.]+\s(bytes|KB|MB)\)", info), info

    # Download the evidence file through the browser.
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    target = OUTPUT / "descargas" / download.suggested_filename
    download.save_as(target)
    content = target.read_bytes()
    assert content, "la evidencia descargada está vacía"
    assert content[:4] in (b"%PDF", b"PK\x03\x04") or target.suffix not in (".pdf", ".xlsx")


def test_filters_work_without_javascript(demo_site, new_page):
    page = new_page(java_script_enabled=False)
    open_current_plan(page, demo_site)
    open_filters(page)  # a <details>: it unfolds without JavaScript
    page.select_option("select[name=orden]", "avance")
    page.select_option("select[name=situacion]", "on_time")
    page.get_by_role("button", name="Aplicar").click()
    page.wait_for_url(re.compile(r"situacion=on_time"))
    query = parse_qs(urlparse(page.url).query)
    assert query["orden"] == ["avance"]
    assert page.locator("select[name=situacion]").input_value() == "on_time"
    assert page.locator(".delayed").count() == page.locator(".plan-summary .delayed").count()


def assessed_milestone_url(base_url) -> str:
    """A demo milestone on which an organization disagrees and the government answered."""
    assessment = (
        CivilSocietyAssessment.objects.published()
        .filter(stance="disagree", response__live=True)
        .select_related("milestone")
        .first()
    )
    assert assessment, "la demostración no tiene valoraciones en desacuerdo con respuesta"
    return base_url + assessment.milestone.url


def main_pages(page, base_url):
    """(name, url) of the home, the current plan, its first commitment and milestone, a
    milestone with assessments, search results, an institution, the about page, open data
    and the API page."""
    plan_url = open_current_plan(page, base_url)
    commitment_urls = page.locator(".commitment-card h3 a").evaluate_all("a => a.map(x => x.href)")
    milestone_url = find_milestone_with_download(page, commitment_urls)
    commitment_url = milestone_url.rsplit("/", 2)[0] + "/"
    page.goto(base_url + "/instituciones/")
    institution_urls = page.locator("main a[href*='/instituciones/']").evaluate_all(
        "links => links.map(a => a.href).filter(h => !h.endsWith('/instituciones/'))"
    )
    assert institution_urls, "el directorio no enlaza ninguna institución"
    return [
        ("inicio", base_url + "/"),
        ("plan", plan_url),
        ("compromiso", commitment_url),
        ("accion-clave", milestone_url),
        ("accion-clave-valorada", assessed_milestone_url(base_url)),
        ("busqueda", base_url + "/buscar/?q=salud"),
        ("institucion", institution_urls[0]),
        ("acerca", base_url + "/acerca/"),
        ("datos", base_url + "/datos/"),
        ("api", base_url + "/api/"),
    ]


def run_axe(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )


def describe(violations):
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {' '.join(n['target'])}" for n in v["nodes"][:5])
        for v in violations
    )


def test_axe_and_screenshots_at_360_and_1280(demo_site, new_page):
    pages = main_pages(new_page(), demo_site)
    problems = []
    for width in WIDTHS:
        # axe-core is injected as an inline script, which the site's Content-Security-Policy
        # rightly refuses: these pages let the test tool in (the other tests keep the policy).
        page = new_page(width=width, bypass_csp=True)
        for name, url in pages:
            response = page.goto(url)
            assert response.ok, f"{name}: {url} respondió {response.status}"
            # The explanations beside the figures open, so axe checks them too.
            page.evaluate("document.querySelectorAll('details.explain').forEach(d => d.open = 1)")
            page.screenshot(path=OUTPUT / f"{name}-{width}.png", full_page=True)
            results = run_axe(page)
            (OUTPUT / f"axe-{name}-{width}.json").write_text(
                json.dumps(results["violations"], ensure_ascii=False, indent=1)
            )
            if results["violations"]:
                problems.append(f"{name} a {width} px:\n{describe(results['violations'])}")
            # Usable at 360 px: nothing wider than the screen except inside .table-wrap.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{name} a {width} px: desplazamiento horizontal de {overflow} px")
            # Nor inside: the plan's and the milestone's tables fit (activities become cards).
            if name in ("plan", "compromiso", "accion-clave"):
                inner = page.evaluate(
                    "[...document.querySelectorAll('main .table-wrap')]"
                    ".map(w => w.scrollWidth - w.clientWidth).filter(d => d > 0)"
                )
                if inner:
                    problems.append(f"{name} a {width} px: una tabla se desplaza {inner} px")
    assert not problems, "\n".join(problems)
    for name, _url in pages:
        for width in WIDTHS:
            assert (OUTPUT / f"{name}-{width}.png").stat().st_size > 0


def box(locator):
    """A visible element's box (x, y, width, height) in CSS pixels."""
    assert locator.is_visible(), locator
    return locator.bounding_box()


def test_phone_layout_commitments_first_and_activities_as_cards(demo_site, new_page):
    """At 360 px: the plan's first commitment is near the top, below one folded filter
    control; a milestone's activities are cards whose status and evidence are on screen.
    At 1280 px the activities are a table."""
    page = new_page(width=360)
    open_current_plan(page, demo_site)
    first_card = box(page.locator(".commitment-card").first)
    assert first_card["y"] < 900, f"el primer compromiso empieza a {first_card['y']} px"
    assert page.locator("details.filters").get_attribute("open") is None
    assert not page.locator("select[name=institucion]").is_visible()
    plan_url = page.url
    others = page.locator(".commitment-card h3 a").evaluate_all("a => a.map(x => x.href)")
    milestone_url = find_milestone_with_download(page, others)
    page.goto(milestone_url)
    rows = page.locator("table.activities tbody tr")
    assert rows.count() >= 1
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "block"
    assert (
        page.locator("table.activities thead").bounding_box()["width"] <= 1
    )  # screen readers only
    for i in range(rows.count()):
        card = rows.nth(i)
        card_box = box(card)
        assert card_box["x"] >= 0 and card_box["x"] + card_box["width"] <= 360
        status = card.locator(".badge[class*='status-']")
        status_box = box(status)
        assert status_box["x"] + status_box["width"] <= 360, "el estado queda fuera de la pantalla"
        labels = card.locator(".cell-label").all_inner_texts()
        assert [label.strip() for label in labels] == [
            "Fechas:",
            "Estado:",
            "Medio de verificación:",
            "Evidencias:",
        ]
    evidence = page.locator("table.activities a.evidence-download").first
    evidence_box = box(evidence)
    assert evidence_box["x"] + evidence_box["width"] <= 360, "la evidencia queda fuera"
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.screenshot(path=OUTPUT / "actividades-360.png", full_page=True)

    wide = new_page(width=1280)
    wide.goto(milestone_url)
    assert wide.locator("table.activities").evaluate("t => getComputedStyle(t).display") == (
        "table"
    )
    assert wide.locator("table.activities thead th").first.is_visible()
    assert not wide.locator("table.activities .cell-label").first.is_visible()
    wide.goto(plan_url)
    assert box(wide.locator(".commitment-card").first)["y"] < 900


def test_progress_figures_read_right_with_their_explanation(demo_site, new_page):
    """A first-time reader: the milestone's figure names what it counts, the bar sets
    the work in progress apart from progress, the explanation opens from the keyboard;
    the home list gives each commitment one number."""
    for width in WIDTHS:
        page = new_page(width=width)
        page.goto(demo_site + "/")
        items = page.locator(".compact-bars > li")
        assert items.first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
        first = items.first.locator("a").first.inner_text()
        assert re.match(r"^1\. [^\d]", first), first
        # In progress is hatched, done is solid: work under way never looks like progress.
        hatched = page.locator(".stacked-bar .seg-in_progress").first
        assert "repeating-linear-gradient" in hatched.evaluate(
            "s => getComputedStyle(s).backgroundImage"
        )
        solid = page.locator(".stacked-bar .seg-completed").first
        assert solid.evaluate("s => getComputedStyle(s).backgroundImage") == "none"
        plan_url = open_current_plan(page, demo_site)
        others = page.locator(".commitment-card h3 a").evaluate_all("a => a.map(x => x.href)")
        assert plan_url and others
        page.goto(find_milestone_with_download(page, others))
        figure = page.locator(".progress-figure").inner_text()
        assert re.search(r"\d+ de \d+ actividad(es)? cumplidas? · avance [\d.]+ %", figure)
        assert "Nivel de cumplimiento:" in page.locator(".level-line").inner_text()
        legend = page.locator("main .stacked-bar .legend").first.inner_text()
        assert "no cuenta como avance" in legend and "en proceso" in legend
        # The explanation, folded, opens with the keyboard and names both scales.
        explain = page.locator("details.explain").first
        assert explain.get_attribute("open") is None
        explain.locator("summary").focus()
        page.keyboard.press("Enter")
        assert explain.get_attribute("open") is not None
        terms = ("Avance de una acción clave", "Completada y verificada", "Nivel de cumplimiento")
        for term in terms:
            assert explain.get_by_text(term, exact=True).is_visible(), term
        page.screenshot(path=OUTPUT / f"explicacion-{width}.png")


def test_admin_makes_ascii_slugs_as_the_title_is_typed(demo_site, new_page):
    """Wagtail's editor fills the slug from the title: without accents."""
    from planes.models import CommitmentPage

    page = new_page()
    page.goto(demo_site + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "tablero-admin")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    commitment = CommitmentPage.objects.live().first()
    page.goto(
        demo_site
        + reverse("wagtailadmin_pages:add", args=["planes", "milestonepage", commitment.pk])
    )
    page.wait_for_load_state("networkidle")  # the editor's scripts are running
    page.locator("#id_title").press_sequentially("Participación ciudadana en la señalización")
    page.locator("#id_title").blur()
    from playwright.sync_api import expect

    expect(page.locator("#id_slug")).to_have_value("participacion-ciudadana-en-la-senalizacion")


def test_two_voices_at_360_px(demo_site, new_page):
    """On a phone, a milestone where civil society disagrees says so at the top, beside the
    government's figure, and its assessment (stance in words, the government's answer
    under it) is one tap away."""
    page = new_page(width=360)
    page.goto(assessed_milestone_url(demo_site))
    summary = page.locator(".two-voices")
    assert "Informe del gobierno" in summary.inner_text()
    alert = summary.locator(".has-disagreement .voice-alert")
    assert alert.is_visible()
    assert "en desacuerdo" in alert.inner_text()
    page.get_by_role("link", name="Leer sus valoraciones").click()
    assert page.url.endswith("#sociedad-civil")
    card = page.locator("article.voice.stance-disagree").first
    assert card.is_visible()
    assert "En desacuerdo" in card.locator(".badge.stance").inner_text()
    assert card.get_by_role("heading", name="Respuesta del gobierno").count() == 1
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_a_civil_society_editor_writes_an_assessment_under_the_csp(demo_site, new_page):
    """The demo civil-society editor opens the admin's assessment form (its rich text and
    evidence editors run under the Content-Security-Policy) and saves a draft."""
    page = new_page()
    page.goto(demo_site + "/admin/login/")
    page.fill("input[name=username]", "sociedad")
    page.fill("input[name=password]", "tablero-sociedad")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    from playwright.sync_api import expect  # only here: collecting runs without Playwright

    page.goto(demo_site + reverse("wagtailsnippets_planes_civilsocietyassessment:add"))
    page.wait_for_load_state("networkidle")
    milestones = page.locator("select[name=milestone] option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )
    assert milestones, "la cuenta de sociedad civil no tiene acciones clave que valorar"
    page.select_option("select[name=milestone]", milestones[0])
    page.check("input[name=stance][value=partly]")
    page.select_option("select[name=completion_level]", "substantial")
    editor = page.locator("[data-contentpath=comment] [contenteditable=true]")
    editor.click()
    page.keyboard.type("Valoración escrita en el navegador.")
    page.keyboard.press("Tab")
    expect(page.locator("#id_comment")).to_have_value(re.compile("navegador"))
    page.locator("button[name=action-save], button.action-save").first.click()
    page.wait_for_load_state()
    assessment = CivilSocietyAssessment.objects.get(
        milestone_id=int(milestones[0]), organization__acronym="GESOC"
    )
    assert not assessment.live
    assert "Valoración escrita en el navegador." in assessment.comment


def test_admin_works_under_the_content_security_policy(demo_site, new_page):
    """An approver signs in and opens the dashboard, a milestone's editor and the
    documents: everything loads with the site's Content-Security-Policy (the fixture
    fails the test on any violation) and nothing comes from another site."""
    page = new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in_as_approver(page, demo_site)
    assert "content-security-policy" in page.goto(demo_site + "/admin/").headers
    milestone = MilestonePage.objects.live().first()
    page.goto(demo_site + reverse("wagtailadmin_pages:edit", args=[milestone.pk]))
    page.wait_for_load_state("networkidle")
    assert page.locator("form#page-edit-form").count() == 1
    page.goto(demo_site + "/admin/documents/")
    page.wait_for_load_state("networkidle")
    assert all(url.startswith(demo_site) for url in requested), [
        url for url in requested if not url.startswith(demo_site)
    ]


def test_typed_work_survives_a_save_while_the_database_is_down(demo_site, new_page):
    """The database fails as an editor saves: the answer says plainly nothing was saved,
    the browser kept what was typed, and once the database is back the same changes are
    sent again from the milestone's form, which saves them."""
    from unittest import mock

    from django.db import OperationalError

    page = new_page()
    sign_in_as_approver(page, demo_site)
    milestone = MilestonePage.objects.live().first()
    edit = demo_site + reverse("wagtailadmin_pages:edit", args=[milestone.pk])
    page.goto(edit)
    typed = "Título escrito mientras la base de datos se reinicia"
    page.fill("#id_title", typed)

    down = OperationalError("the database system is shutting down")
    with mock.patch.object(MilestonePage, "save_revision", side_effect=down):
        page.locator("form#page-edit-form button.action-save").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Tus cambios no se guardaron"
        assert page.locator("[data-tablero-unsaved-offer]").count() == 1
    assert MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object().title != typed

    page.goto(edit)  # the database is back; the form offers the kept changes
    offer = page.locator("[data-tablero-unsaved-offer]")
    assert "no se guardaron" in offer.inner_text()
    offer.get_by_role("button", name="Reintentar guardar").click()
    page.wait_for_load_state()
    assert MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object().title == typed
    page.goto(edit)
    assert page.locator("[data-tablero-unsaved-offer]").count() == 0, "the kept copy is gone"


def test_two_step_verification_setup_in_the_browser(demo_site, new_page, settings):
    """With production's rule, the demo approver is led from the login to the guided set-up:
    the QR code (an SVG data: URI) shows under the Content-Security-Policy, the app's code
    turns it on, the recovery codes show once, then the dashboard (screenshots saved)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.TABLERO_REQUIRE_2FA = True
    page = new_page()
    page.goto(demo_site + "/admin/login/")
    page.fill("input[name=username]", "aprobadora")
    page.fill("input[name=password]", "tablero-aprobadora")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/2fa/configurar/\?next=/admin/$"))
    qr = page.get_by_alt_text(re.compile("Código QR"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    page.screenshot(path=OUTPUT / "2fa-configurar-1280.png", full_page=True)

    device = TOTPDevice.objects.get(user__username="aprobadora", confirmed=False)
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Activar").click()
    page.wait_for_url(re.compile(r"/admin/2fa/codigos/"))
    assert page.locator(".cuentas-recovery-codes li").count() == 10
    page.screenshot(path=OUTPUT / "2fa-codigos-1280.png", full_page=True)
    page.get_by_role("link", name="Ya los guardé: continuar").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator("#wagtail-sidebar").count() == 1

    # The next sign-in asks for the code (the next 30-second step's: a code works once).
    again = new_page()
    again.goto(demo_site + "/admin/login/")
    again.fill("input[name=username]", "aprobadora")
    again.fill("input[name=password]", "tablero-aprobadora")
    again.click("button[type=submit]")
    again.wait_for_url(re.compile(r"/admin/2fa/verificar/\?next=/admin/$"))
    again.screenshot(path=OUTPUT / "2fa-verificar-1280.png", full_page=True)
    again.fill("input[name=code]", f"{totp(device.bin_key, drift=1):06d}")
    again.get_by_role("button", name="Verificar").click()
    again.wait_for_url(re.compile(r"/admin/$"))


def test_the_update_author_row_fits_its_column(demo_site, new_page):
    """In a milestone's editor, the progress update's author selects (long institution
    names) stay inside the form: nothing scrolls the editor sideways."""
    from planes.models import ProgressUpdate

    page = new_page(width=1280)
    sign_in_as_approver(page, demo_site)
    milestone = ProgressUpdate.objects.filter(milestone__live=True).first().milestone
    page.goto(demo_site + reverse("wagtailadmin_pages:edit", args=[milestone.pk]))
    page.get_by_role("tab", name="Actualizaciones").click()
    select = page.locator("select[name$='-author_institution']").first
    select.focus()
    form = page.locator("form#page-edit-form")
    assert form.evaluate("f => f.scrollWidth <= f.clientWidth + 1")
    panel = page.locator("[id$='updates-FORMS']").first
    right = panel.evaluate("p => p.getBoundingClientRect().right")
    for name in ("author_institution", "author_organization"):
        box = page.locator(f"select[name$='-{name}']").first.bounding_box()
        assert box["x"] + box["width"] <= right + 1, f"{name} sale de su columna"
    assert page.evaluate("document.scrollingElement.scrollLeft") == 0
