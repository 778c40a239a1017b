"""funclab._html.Table: text twin, escaped and scoped HTML with a collapsed <pre> fallback."""

import re

from funclab._html import Table, text_table


def test_text_table_aligns_columns():
    assert text_table(("a", "long"), [("xyz", "1"), ("b", "22")]).splitlines() == [
        "a    long",
        "---  ----",
        "xyz  1",
        "b    22",
    ]


def test_html_escapes_names_everywhere():
    table = Table("<script>", ("layer",), [("a<b>&c",)], note="n&b")
    html = table._repr_html_()
    assert "<script>" not in html.replace("<style>", "")
    assert html.count("a&lt;b&gt;&amp;c") == 2 and "n&amp;b" in html  # table cell and <pre>
    # left-aligned where the <style> is stripped (untrusted JupyterLab, GitHub)
    assert '<td align="left" style="text-align: left">' in html


def test_pre_fallback_is_collapsed_without_css_and_hidden_with_it():
    table = Table("calls", ("node", "shape"), [("#0", "(None, 32)")])
    html = table._repr_html_()
    fallback = re.search(r'<details class="funclab-text"><summary>[^<]+</summary><pre>(.*?)</pre></details>', html, re.S)
    assert fallback and fallback.group(1) == repr(table).replace("<", "&lt;").replace(">", "&gt;")
    assert "<details open" not in html and " hidden" not in html  # collapsed by the element itself
    assert re.search(r"\.funclab-[0-9a-f]{10} details\.funclab-text \{display: none;\}", html)


def _scope(html: str) -> str:
    return re.search(r'<div class="(funclab-[0-9a-f]{10})">', html).group(1)


def test_css_is_scoped_to_the_render_and_deterministic():
    first = Table("t", ("c",), [("1",)])._repr_html_()
    again = Table("t", ("c",), [("1",)])._repr_html_()
    other = Table("other title", ("c",), [("1",)])._repr_html_()
    assert first == again
    assert _scope(first) != _scope(other)
    assert all(rule.startswith(f".{_scope(first)} ") for rule in re.findall(r"\.funclab-[^{]+", first))


def test_scope_does_not_depend_on_the_figures_in_the_cells():
    """A table of trained figures keeps its HTML class when a figure's last
    digit differs between machines; only the masked numbers differ."""
    run_here = Table("runs", ("run", "accuracy"), [("#1", "0.934")])._repr_html_()
    run_there = Table("runs", ("run", "accuracy"), [("#1", "0.941")])._repr_html_()
    assert _scope(run_here) == _scope(run_there)
    assert run_here.replace("0.934", "0.941") == run_there
