"""The exported site in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven by Selenium, pages opened from disk.

Without the browser the tests are skipped on a developer's machine and FAIL in CI (CI=true):
`.ci/run` installs chromium and chromium-driver when they are missing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest

from meetingctl.context import AppContext
from tests.site_helpers import build_published_meeting

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
#: Round table 1 of the 2025 fixture: 28 April 2025, 14:15-15:45 UTC (10:15 in Santiago).
RT1_START = datetime(2025, 4, 28, 14, 15, tzinfo=UTC)
RT1_END = datetime(2025, 4, 28, 15, 45, tzinfo=UTC)


def _require_browser() -> None:
    if CHROMIUM and CHROMEDRIVER:
        return
    message = "chromium and chromium-driver are needed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a published 2025 meeting, everything the organizer may show shown."""
    base = tmp_path_factory.mktemp("browser-site")
    config = base / "config.toml"
    config.write_text(
        "[site]\nshow_participants = true\nshow_video_links = true\n", encoding="utf-8"
    )
    ctx = AppContext(database_url=f"sqlite:///{base / 'site.db'}", config_path=str(config))
    ctx.services.meetings.upgrade_schema()
    build_published_meeting(ctx)
    ctx.services.site.export(base / "site", base_url="https://example.org/review")
    ctx.close()
    return base / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module, logging the console."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: Any, page: Path, zone: str = "America/Santiago") -> None:
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
    driver.get_log("browser")  # drop what an earlier page logged
    driver.get(page.as_uri())


def _severe(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _requests(driver: Any) -> list[str]:
    """Every URL the browser requested since the last call (the DevTools network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_loads_without_console_errors_and_links_stay_in_the_folder(
    site: Path, browser: Any
) -> None:
    root = site.resolve()
    for page in _pages(site):
        browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "UTC"})
        _requests(browser)  # drop what earlier pages requested
        browser.get(page.as_uri())
        browser.execute_script("return document.readyState")
        assert _severe(browser) == [], page
        lang = browser.execute_script("return document.documentElement.lang")
        assert lang in ("en", "es"), page
        loaded = _requests(browser)
        assert any(url.endswith("site.css") for url in loaded), (page, loaded)
        assert all(url.startswith("file://") for url in loaded), (page, loaded)
        links = browser.execute_script(
            "return Array.from(document.querySelectorAll('a[href], link[href], script[src]'))"
            ".map(e => e.href || e.src)"
        )
        for link in links:
            if link.startswith(("webcal:", "mailto:", "https://meet.example.org/")):
                continue
            parts = urlsplit(link)
            assert parts.scheme == "file", f"{page}: external {link}"
            target = Path(unquote(parts.path))
            assert target.is_file() and target.resolve().is_relative_to(root), (page, link)


def test_language_switch_lands_on_the_same_page(site: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    for page in [site / "en" / "programme.html", *sorted((site / "en" / "round-tables").iterdir())]:
        _open(browser, page)
        browser.find_element(By.CSS_SELECTOR, "a.switch-language").click()
        landed = Path(unquote(urlsplit(browser.current_url).path))
        assert landed == (site / "es" / page.relative_to(site / "en")).resolve()
        assert browser.execute_script("return document.documentElement.lang") == "es"
        browser.find_element(By.CSS_SELECTOR, "a.switch-language").click()
        back = Path(unquote(urlsplit(browser.current_url).path))
        assert back == page.resolve()


@pytest.mark.parametrize(
    "zone", ["America/Mexico_City", "America/Sao_Paulo", "America/Port-au-Prince"]
)
def test_local_time_script_shows_the_visitors_zone(site: Path, browser: Any, zone: str) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, site / "en" / "programme.html", zone)
    browser.execute_script("window.localStorage.clear()")  # no zone picked earlier
    browser.refresh()
    start = RT1_START.astimezone(ZoneInfo(zone))
    end = RT1_END.astimezone(ZoneInfo(zone))
    cell = browser.find_element(
        By.CSS_SELECTOR, f'.times[data-start="{RT1_START:%Y-%m-%dT%H:%M:%S}Z"]'
    )
    local = cell.find_element(By.CSS_SELECTOR, ".local-time")
    hours = int((start.utcoffset() or RT1_START.utcoffset()).total_seconds() // 3600)  # type: ignore[union-attr]
    assert local.text == f"Your time: {start:%H:%M}–{end:%H:%M} (UTC{hours:+d}, {zone})"
    assert "10:15" in cell.text  # the home-zone time stays written
    assert browser.find_element(By.ID, "zone-box").is_displayed()
    assert _severe(browser) == []


def test_picking_a_zone_rewrites_every_time_and_is_remembered(site: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    _open(browser, site / "es" / "programme.html", "America/Santiago")
    try:
        Select(browser.find_element(By.ID, "zone-picker")).select_by_value("America/Mexico_City")
        texts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".local-time")]
        assert texts and all("America/Mexico_City" in t for t in texts)
        assert any("08:15" in t for t in texts)
        browser.get((site / "es" / "index.html").as_uri())
        browser.get((site / "es" / "programme.html").as_uri())
        picked = Select(browser.find_element(By.ID, "zone-picker")).first_selected_option
        assert picked.get_attribute("value") == "America/Mexico_City"
    finally:
        browser.execute_script("window.localStorage.clear()")


def test_readable_at_320_px_and_print_hides_the_controls(site: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    metrics = {"width": 320, "height": 700, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        for page in (site / "es" / "programme.html", site / "en" / "participants.html"):
            _open(browser, page)
            width = browser.execute_script("return document.documentElement.scrollWidth")
            assert width <= 320, page
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        _open(browser, site / "en" / "programme.html")
        assert not browser.find_element(By.CSS_SELECTOR, "nav").is_displayed()
        assert not browser.find_element(By.ID, "zone-box").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def _axe_source() -> str:
    package = resources.files("axe_selenium_python")
    return package.joinpath("node_modules/axe-core/axe.min.js").read_text("utf-8")


def test_axe_finds_no_serious_or_critical_violation(site: Path, browser: Any) -> None:
    axe = _axe_source()
    problems = []
    for page in _pages(site):
        _open(browser, page)
        browser.execute_script(axe)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations)).catch(e => done(String(e)));"
        )
        assert isinstance(result, list), result
        for violation in result:
            if violation.get("impact") in ("serious", "critical"):
                problems.append(f"{page.relative_to(site)}: {violation['id']} {violation['help']}")
    assert problems == []
