"""Lessons 3 and 6 (and lesson 6 in Korean) in JupyterLab, in a real headless Chromium (make test-browser).

Kernel-side tests cannot see what a learner sees: a widget that fails to load
shows "Error displaying widget", a slider can end up printed as text, a graph
can fail to render. This test starts JupyterLab from the project's environment
on 127.0.0.1 with a copy of lessons/ (the committed notebooks are never
touched), opens each lesson in Debian's Chromium through Playwright, runs all
cells and checks the page. Screenshots go to build/browser/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from funclab.build import LESSON_ENV

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "browser"
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
RUN_TIMEOUT_MS = 240_000


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("make test-browser needs Debian's Chromium: apt-get install chromium (.ci/run installs it)")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_settings(directory: Path) -> None:
    """JupyterLab user settings for the test server only: render every cell
    (no lazy 'windowing', so all outputs are in the page) and do not ask about
    news (the prompt would cover part of the page)."""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    }
    for name, values in settings.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "lessons", root / "lessons")
    write_settings(root / "settings")
    port, token = free_port(), os.urandom(16).hex()
    env = {**os.environ, **LESSON_ENV, "JUPYTERLAB_SETTINGS_DIR": str(root / "settings")}
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}", f"--LabApp.workspaces_dir={root / 'workspaces'}",
    ]
    if os.getuid() == 0:
        command.append("--allow-root")
    log = open(root / "jupyterlab.log", "w")  # noqa: SIM115 (closed after the server stops)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start; see {root / 'jupyterlab.log'}")
            time.sleep(0.5)
    yield base, token
    server.terminate()
    server.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# The notebook in the main area's current tab. `?reset` below opens each lesson
# in an empty workspace, but scoping to the visible panel keeps a restored tab
# from an earlier test from ever being the one that is checked.
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_lesson(page, base: str, token: str, notebook: str):
    """Open a lesson alone in the workspace, as committed, kernel idle."""
    page.goto(f"{base}/lab/tree/lessons/{notebook}?reset&token={token}")
    page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=60_000)
    return page.locator(PANEL)


def run_all_cells(page, base: str, token: str, notebook: str):
    """Open a lesson, run all its cells, wait until each code cell has run."""
    open_lesson(page, base, token, notebook)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # The committed notebook already shows [n]: prompts, so first see the run
    # start (a queued or running cell shows [*]:), then wait for it to finish.
    prompts = """panel => [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim())"""
    panel = page.locator(PANEL).element_handle()
    page.wait_for_function(f"panel => ({prompts})(panel).includes('[*]:')", arg=panel, timeout=30_000)
    page.wait_for_function(
        f"""panel => {{
            const shown = ({prompts})(panel);
            return shown.length > 0 && shown.every(text => /^\\[\\d+\\]:$/.test(text));
        }}""",
        arg=panel,
        timeout=RUN_TIMEOUT_MS,
    )
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=60_000)
    return page.locator(PANEL)


def assert_no_errors(notebook):
    assert notebook.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert notebook.locator(".jp-OutputArea-output", has_text="Traceback").count() == 0
    assert notebook.get_by_text("Error displaying widget").count() == 0


def svg_graphs(notebook) -> int:
    return notebook.locator('.jp-RenderedSVG img, .jp-RenderedSVG svg').count()


def shut_down_kernels(base: str, token: str) -> None:
    """End every kernel the test started, so the next lesson runs alone."""
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()
    shut_down_kernels(*lab)


def test_lesson_3_widget_renders_trains_and_updates(lab, page):
    base, token = lab
    notebook = run_all_cells(page, base, token, "03_multi_output_post_model.ipynb")
    assert_no_errors(notebook)
    assert svg_graphs(notebook) >= 3  # the book's model, the compact model, the headline model

    widget = notebook.locator(".jp-OutputArea-output", has=page.locator(".widget-slider")).first
    sliders = widget.locator(".widget-slider")
    assert sliders.count() == 3, "one slider per head, rendered as widgets"
    assert [sliders.nth(i).locator(".widget-label").inner_text() for i in range(3)] == ["age", "income", "gender"]
    train = widget.locator("button", has_text="Train")
    assert train.is_enabled()
    figure = widget.locator("img").first
    figure_before = figure.get_attribute("src")
    widget.screenshot(path=str(SHOTS / "lesson03_widget_before.png"))

    income = sliders.nth(1)
    income.locator(".noUi-handle").focus()
    for _ in range(30):  # each step is 0.01 in log10: 30 steps double the weight
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "el => el.textContent.trim() !== '1.00'", arg=income.locator(".widget-readout").element_handle()
    )
    income_weight = income.locator(".widget-readout").inner_text().strip()
    train.click()
    page.wait_for_selector("text=/run #5 took/", timeout=60_000)
    assert train.is_enabled()
    page.wait_for_function(
        "([img, before]) => img.getAttribute('src') !== before",
        arg=[figure.element_handle(), figure_before],
        timeout=10_000,
    )
    table = widget.locator("table").last.inner_text()
    shown = f"{float(income_weight):.3g}"  # the table prints weights with 3 significant digits
    assert re.search(rf"#5\s+\[1, {re.escape(shown)}, 1\]", table), table
    assert_no_errors(notebook)
    widget.screenshot(path=str(SHOTS / "lesson03_widget_after_train.png"))
    page.screenshot(path=str(SHOTS / "lesson03_viewport.png"))


def test_lesson_6_as_committed_reads_well_before_it_runs(lab, page):
    """A learner who opens a lesson first sees the committed outputs, which
    JupyterLab does not trust: no <style>, no SVG. The graphs fall back to
    their PNG twins, the node tables show once, their <pre> twin stays folded."""
    notebook = open_lesson(page, *lab, "06_weight_sharing_and_nodes.ipynb")
    assert notebook.locator(".jp-RenderedImage img").count() >= 1  # the shared LSTM's graph as PNG
    node_tables = notebook.locator("table.funclab", has_text="inbound layer[node][tensor]")
    assert node_tables.count() == 2
    assert node_tables.first.locator("td").first.evaluate("e => getComputedStyle(e).textAlign") == "left"
    fallback = notebook.locator("details.funclab-text").first
    assert not fallback.locator("pre").is_visible()
    node_tables.first.scroll_into_view_if_needed()
    node_tables.first.locator("xpath=..").screenshot(path=str(SHOTS / "lesson06_nodes_table_untrusted.png"))
    # The explorer, which cannot run here: its picture with the selected call's pane under it.
    pane = notebook.locator(".jp-RenderedHTMLCommon pre", has_text="lstm (LSTM), call #1 of 2")
    assert pane.count() == 1 and pane.is_visible()
    picture = pane.locator("xpath=preceding-sibling::img")
    assert picture.count() == 1 and picture.evaluate("img => img.naturalWidth") > 100
    pane.locator("xpath=..").screenshot(path=str(SHOTS / "lesson06_explorer_untrusted.png"))


def test_lesson_6_graphs_and_node_tables_render(lab, page):
    base, token = lab
    notebook = run_all_cells(page, base, token, "06_weight_sharing_and_nodes.ipynb")
    assert_no_errors(notebook)
    assert svg_graphs(notebook) == 1  # the shared LSTM
    assert notebook.locator(".funclab-explorer .fx-picture svg").count() == 2  # the LSTM model, one Conv2D on two sizes
    node_tables = notebook.locator(".jp-RenderedHTMLCommon table.funclab", has_text="inbound layer[node][tensor]")
    assert node_tables.count() == 2  # funclab.nodes(lstm) and funclab.nodes(conv)
    assert node_tables.first.is_visible()
    assert node_tables.first.locator("td").first.evaluate("e => getComputedStyle(e).textAlign") == "left"
    graph = notebook.locator(".jp-RenderedSVG").first
    graph.scroll_into_view_if_needed()
    graph.screenshot(path=str(SHOTS / "lesson06_shared_lstm_graph.png"))
    node_tables.first.screenshot(path=str(SHOTS / "lesson06_nodes_table.png"))
    check_explorer(page, notebook)


def check_explorer(page, notebook):
    """The explorer of the shared LSTM: call 1 selected from code; clicking the
    arrow labelled #0 selects call 0, ▶ steps back to call 1, each time with the
    pane and the highlight following."""
    explorer = notebook.locator(".funclab-explorer").first
    explorer.scroll_into_view_if_needed()
    details = explorer.locator(".fx-details")
    assert "lstm (LSTM), call #1 of 2" in details.inner_text()
    assert explorer.locator(".fx-picture g.fx-selected").count() >= 2  # the box and call 1's arrows
    explorer.screenshot(path=str(SHOTS / "lesson06_explorer_call1.png"))

    explorer.locator(".fx-picture g.edge", has_text="#0").first.click()
    page.wait_for_function("el => el.textContent.includes('call #0 of 2')", arg=details.element_handle())
    pane = details.inner_text()
    assert "inputs:   left[0][0]" in pane, pane
    assert explorer.locator(".fx-calls button.fx-current").inner_text() == "#0"
    explorer.screenshot(path=str(SHOTS / "lesson06_explorer_call0.png"))

    explorer.locator(".fx-calls button", has_text="▶").click()
    page.wait_for_function("el => el.textContent.includes('call #1 of 2')", arg=details.element_handle())
    assert "inputs:   right[0][0]" in details.inner_text()


def test_lesson_6_in_korean_with_every_exercise_solved(lab, page):
    """The Korean solutions edition: Korean prose, Korean explorer and check
    results, every exercise passed."""
    base, token = lab
    notebook = run_all_cells(page, base, token, "ko/solutions/06_weight_sharing_and_nodes.ipynb")
    assert_no_errors(notebook)
    assert notebook.locator(".jp-MarkdownOutput h1").first.inner_text().startswith("6강")
    explorer = notebook.locator(".funclab-explorer").first
    assert explorer.locator("label").first.inner_text().startswith("층")
    assert "호출 2개 중 #1" in explorer.locator(".fx-details").inner_text()
    results = notebook.locator(".jp-OutputArea-output", has_text="연습 문제 06.")
    assert results.count() >= 3
    assert notebook.locator(".jp-OutputArea-output", has_text="✗").count() == 0
    assert notebook.locator(".jp-OutputArea-output", has_text="3개 중 3개").count() == 1  # the progress line
    explorer.scroll_into_view_if_needed()
    explorer.screenshot(path=str(SHOTS / "lesson06_ko_explorer.png"))
    results.first.scroll_into_view_if_needed()
    results.first.screenshot(path=str(SHOTS / "lesson06_ko_exercise.png"))


def setup_module():
    SHOTS.mkdir(parents=True, exist_ok=True)
