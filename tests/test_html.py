"""funclab._html.Table: text twin, escaped and scoped HTML with a <pre> fallback."""

import re

from funclab._html import Table, text_table


def test_text_table_aligns_columns():
    assert text_table(("a", "long"), [("xyz", "1"), ("b", "22")]).splitlines() == [
        "a    long",
        "---  ----",
        "xyz  1",
        "b    22",
    ]


def test_html_escapes_names_and_shows_the_content_once():
    table = Table("<script>", ("layer",), [("a<b>&c",)], note="n&b")
    html = table._repr_html_()
    assert "<script>" not in html.replace("<style>", "")
    assert html.count("a&lt;b&gt;&amp;c") == 1 and "n&amp;b" in html
    assert "hidden" not in html and "<pre" not in html
    assert '<td align="left">' in html  # readable where the CSS is stripped


def test_css_is_scoped_to_the_render_and_deterministic():
    first = Table("t", ("c",), [("1",)])._repr_html_()
    again = Table("t", ("c",), [("1",)])._repr_html_()
    other = Table("t", ("c",), [("2",)])._repr_html_()
    scope = re.search(r'<div class="(funclab-[0-9a-f]{10})">', first).group(1)
    assert first == again
    assert scope not in other
    assert all(rule.startswith(f".{scope} ") for rule in re.findall(r"\.funclab-[^{]+", first))
