import pytest
from django.utils.safestring import SafeString

from veckan.lib.markdown import markdown_to_text, render_markdown


def test_render_markdown_small_description_is_exact_html():
    source = (
        "Ett stycke med **fet** och *kursiv* text.\n"
        "\n"
        "- Workshop\n"
        "- Fika\n"
        "\n"
        "Läs mer på [Innovationsveckan](https://innovationsveckan.se)."
    )

    assert render_markdown(source) == (
        "<p>Ett stycke med <strong>fet</strong> och <em>kursiv</em> text.</p>\n"
        "<ul>\n"
        "<li>Workshop</li>\n"
        "<li>Fika</li>\n"
        "</ul>\n"
        '<p>Läs mer på <a href="https://innovationsveckan.se" rel="nofollow noopener">'
        "Innovationsveckan</a>.</p>"
    )


def test_render_markdown_is_safe_string():
    assert isinstance(render_markdown("Hej"), SafeString)


def test_render_markdown_quote_code_and_rule_are_kept():
    source = "> Ett citat\n\nKör `make test`.\n\n    kod i block\n\n---"

    assert render_markdown(source) == (
        "<blockquote>\n<p>Ett citat</p>\n</blockquote>\n"
        "<p>Kör <code>make test</code>.</p>\n"
        "<pre><code>kod i block\n</code></pre>\n"
        "<hr>"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Rubrik", "<h2>Rubrik</h2>"),
        ("## Underrubrik", "<h3>Underrubrik</h3>"),
        ("### Mindre", "<h4>Mindre</h4>"),
        ("#### Ännu mindre", "<h4>Ännu mindre</h4>"),
        ("###### Minst", "<h4>Minst</h4>"),
        ("Rubrik\n======", "<h2>Rubrik</h2>"),
    ],
)
def test_render_markdown_headings_are_demoted_below_the_page_h1(source, expected):
    assert render_markdown(source) == expected


def test_render_markdown_raw_h1_loses_its_tag():
    assert render_markdown("<h1>Rubrik</h1>") == "Rubrik"


def test_render_markdown_swedish_characters_are_intact():
    assert render_markdown("Åsa, Örjan och Ärla fikar på Höga kusten.") == (
        "<p>Åsa, Örjan och Ärla fikar på Höga kusten.</p>"
    )


@pytest.mark.parametrize("source", ["", "   ", "\n\n"])
def test_render_markdown_empty_input_is_empty(source):
    assert render_markdown(source) == ""


def test_render_markdown_script_block_is_removed_with_its_content():
    html = render_markdown("Före\n\n<script>alert(1)</script>\n\nEfter")

    assert "<script" not in html
    assert "alert" not in html
    assert html == "<p>Före</p>\n\n\n<p>Efter</p>"


def test_render_markdown_inline_script_never_becomes_a_tag():
    html = render_markdown("Text <script>alert(1)</script> mer text")

    assert "<script" not in html
    assert html == "<p>Text  mer text</p>"


def test_render_markdown_escaped_script_stays_visible_text():
    assert render_markdown("Skriv `<script>` eller &lt;script&gt;") == (
        "<p>Skriv <code>&lt;script&gt;</code> eller &lt;script&gt;</p>"
    )


def test_render_markdown_img_with_onerror_is_removed():
    html = render_markdown("Bild: <img src=x onerror=alert(1)>")

    assert html == "<p>Bild: </p>"


@pytest.mark.parametrize(
    "source",
    [
        "[klicka](javascript:alert(1))",
        "[klicka](JavaScript:alert(1))",
        "[klicka](  javascript:alert(1))",
        '<a href="javascript:alert(1)">klicka</a>',
        '<a href="jav&#x09;ascript:alert(1)">klicka</a>',
    ],
)
def test_render_markdown_javascript_link_loses_its_href(source):
    html = render_markdown(source)

    assert "javascript" not in html.lower()
    assert html == '<p><a rel="nofollow noopener">klicka</a></p>'


@pytest.mark.parametrize(
    "source",
    [
        "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">klicka</a>',
    ],
)
def test_render_markdown_data_url_is_dropped(source):
    html = render_markdown(source)

    assert "data:" not in html
    assert html == '<p><a rel="nofollow noopener">klicka</a></p>'


def test_render_markdown_data_url_image_is_dropped():
    assert render_markdown("![bild](data:image/svg+xml;base64,PHN2Zz4=)") == "<p></p>"


@pytest.mark.parametrize("href", ["/program", "//evil.example/", "program.html"])
def test_render_markdown_relative_link_loses_its_href(href):
    assert render_markdown(f"[klicka]({href})") == '<p><a rel="nofollow noopener">klicka</a></p>'


def test_render_markdown_onclick_and_other_attributes_are_removed():
    html = render_markdown(
        '<a href="https://x.example" onclick="alert(1)" title="t" target="_blank">x</a>'
    )

    assert html == '<p><a href="https://x.example" rel="nofollow noopener">x</a></p>'


def test_render_markdown_author_rel_is_replaced():
    html = render_markdown('<a href="https://x.example" rel="opener">x</a>')

    assert html == '<p><a href="https://x.example" rel="nofollow noopener">x</a></p>'


def test_render_markdown_markdown_link_title_is_removed():
    html = render_markdown('[x](https://x.example "Titel")')

    assert html == '<p><a href="https://x.example" rel="nofollow noopener">x</a></p>'


def test_render_markdown_mailto_link_is_kept():
    assert render_markdown("[Mejla oss](mailto:info@innovationsveckan.se)") == (
        '<p><a href="mailto:info@innovationsveckan.se" rel="nofollow noopener">Mejla oss</a></p>'
    )


def test_render_markdown_email_autolink_is_readable_mailto():
    # Markdown hides autolinked addresses behind character references; they come out plain.
    assert render_markdown("<info@innovationsveckan.se>") == (
        '<p><a href="mailto:info@innovationsveckan.se" rel="nofollow noopener">'
        "info@innovationsveckan.se</a></p>"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<iframe src="https://evil.example/">inne</iframe>', ""),
        ("<style>body { display: none }</style>", ""),
        # Markdown doesn't know svg as a block, so it wraps it in a paragraph that ends up empty.
        ("<svg onload=alert(1)><circle r=1 /></svg>", "<p></p>"),
        ("<svg><script>alert(1)</script></svg>", "<p></p>"),
        ("<math><mi>x</mi></math>", ""),
        ('<object data="https://evil.example/x.swf">inne</object>', ""),
        ('<form action="https://evil.example/"><input name=x></form>', ""),
        ('<div style="position:fixed" onmouseover="alert(1)"></div>', ""),
    ],
)
def test_render_markdown_embedding_and_styling_tags_are_gone(source, expected):
    assert render_markdown(source) == expected


def test_render_markdown_html_comment_is_removed():
    assert render_markdown("Hej <!-- hemligt --> då") == "<p>Hej  då</p>"


def test_markdown_to_text_strips_tags_and_joins_whitespace():
    source = "# Rubrik\n\nEtt stycke med **fet** text.\n\n- ett\n- två\n\n[Länk](https://x.example)"

    assert markdown_to_text(source) == "Rubrik Ett stycke med fet text. ett två Länk"


def test_markdown_to_text_unescapes_entities():
    assert markdown_to_text("Fika & bullar, 5 < 6, &quot;citat&quot; &amp; Åäö") == (
        'Fika & bullar, 5 < 6, "citat" & Åäö'
    )


def test_markdown_to_text_drops_script_content():
    assert markdown_to_text("Hej\n\n<script>alert(1)</script>\n\nDå") == "Hej Då"


def test_markdown_to_text_empty_input_is_empty():
    assert markdown_to_text("") == ""
