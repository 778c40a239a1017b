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


def test_html_escapes_names_and_embeds_the_text_fallback():
    table = Table("<script>", ("layer",), [("a<b>&c",)], note="n&b")
    html = table._repr_html_()
    assert "<script>" not in html.replace("<style>", "")
    assert "a&lt;b&gt;&amp;c" in html
    fallback = re.search(r'<pre class="fallback">(.*?)</pre>', html, flags=re.S).group(1)
    assert "a&lt;b&gt;&amp;c" in fallback and "n&amp;b" in fallback
    assert '<div class="styled" hidden>' in html


def test_css_is_scoped_to_the_render_and_deterministic():
    first = Table("t", ("c",), [("1",)])._repr_html_()
    again = Table("t", ("c",), [("1",)])._repr_html_()
    other = Table("t", ("c",), [("2",)])._repr_html_()
    scope = re.search(r'<div class="(funclab-[0-9a-f]{10})">', first).group(1)
    assert first == again
    assert scope not in other
    assert all(rule.startswith(f".{scope} ") for rule in re.findall(r"\.funclab-[^{]+", first))
