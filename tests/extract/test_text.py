from aikb.extract.text import mask, prepare


def test_source_line_becomes_origin_and_is_not_text():
    doc = prepare("SOURCE: https://example.com/post\nBig news in AI\nOpenAI released a model.\n")
    assert doc.origin == "https://example.com/post"
    assert doc.title == "Big news in AI"
    assert all("example.com" not in s.text for s in doc.sentences if not s.heading)


def test_timestamps_urls_and_handles_are_blanked_with_offsets_kept():
    text = "00:02:23 Intro by @someone at https://x.ai/y and me@mail.com"
    masked = mask(text)
    assert len(masked) == len(text)
    for gone in ("00:02:23", "@someone", "https://x.ai/y", "me@mail.com"):
        assert gone not in masked
    assert "Intro by" in masked


def test_headings_and_lead_in_labels_are_not_running_text():
    doc = prepare("Title\n\nThe Rise of Deep Learning\nWhy it matters: Models got better. A lot.\n")
    kinds = [(s.text, s.heading) for s in doc.sentences]
    assert ("The Rise of Deep Learning", True) in kinds
    assert ("Why it matters", True) in kinds
    assert ("Models got better.", False) in kinds
    assert ("A lot.", False) in kinds


def test_abbreviations_do_not_end_sentences():
    doc = prepare("T\n\nSafe Superintelligence Inc. (or SSI) was founded. It is new.\n")
    body = [s.text for s in doc.sentences if not s.heading]
    assert body == ["Safe Superintelligence Inc. (or SSI) was founded.", "It is new."]


def test_markdown_front_matter_gives_title_and_origin():
    doc = prepare("---\ntitle: A post\nsource: https://a.b/c\n---\nSome text here about AI.\n")
    assert doc.title == "A post"
    assert doc.origin == "https://a.b/c"


def test_long_first_paragraph_gives_its_first_sentence_as_title():
    first = "OpenAI shipped a model this week, and it is fast. " + "More words here " * 5
    assert prepare(first + "\nBody.\n").title == "OpenAI shipped a model this week, and it is fast."


def test_title_is_the_first_line_that_is_not_boilerplate():
    doc = prepare(
        "Any comments, contributions, or feedback? Ping me!\nFollow @me Tweet to @me\n"
        "@me - Making sense of the current state of AI\nOr rather, my view.\n"
    )
    assert doc.title == "Making sense of the current state of AI"
    assert all(s.heading for s in doc.sentences[:3])
    doc = prepare(
        "SOURCE: https://a.b/c\n\nWelcome to Import AI, a newsletter. Subscribe here.\n"
        "Scaling Laws - why they matter:\nText.\n"
    )
    assert doc.title == "Scaling Laws - why they matter"
    doc = prepare("By Maya Chen | Nov 22, 2024 | 5 min read\n\n# Amazon invests again\n\nText.\n")
    assert doc.title == "Amazon invests again"


def test_long_title_lines_keep_abbreviations_and_lose_emoji():
    doc = prepare("The Inference Hour, Ep. 87: Jonathan Frankle on lottery tickets\n\nText.\n")
    assert doc.title == "The Inference Hour, Ep. 87: Jonathan Frankle on lottery tickets"
    assert prepare("Last Week in ML #212 ✉️\n\nText.\n").title == "Last Week in ML #212"


def test_headings_are_quoted_without_their_markup():
    doc = prepare("# Digest\n\n## 1. **Fast Inference** from Transformers\n\nText here.\n")
    assert [s.text for s in doc.sentences if s.heading] == [
        "Digest",
        "1. Fast Inference from Transformers",
    ]
