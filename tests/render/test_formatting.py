from datetime import date

import markdown

from fls_docs.render.formatting import longdate, md, money, num, pct


def test_numbers_money_and_dates() -> None:
    assert num(1571.299) == "1,571"
    assert money(206071.4) == "£206,071"
    assert money(-1500) == "-£1,500"
    assert pct(0.8) == "80%"
    assert longdate(date(2026, 11, 5)) == "5 November 2026"


def test_markdown_escaping_shows_content_literally() -> None:
    text = "Agree <b>the</b> brief & *sign* [it](x) {{ x }} {% y %} | # 1. <script>alert(1)</script>"
    html = markdown.markdown(md(text), extensions=["tables"])
    assert "<b>" not in html and "<script>" not in html and "<em>" not in html and "<a " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; *sign* [it](x) {{ x }} {% y %} | # 1." in html
