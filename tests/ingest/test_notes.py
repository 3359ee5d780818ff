from aikb.ingest.notes import NotePlan, merge_note, quote_line, split_sections, wikilink
from aikb.vault.parse import parse_note


def _plan(**kw: object) -> NotePlan:
    plan = NotePlan("Ilya Sutskever", "person", aliases=["Sutskever"], sources=["src-a"],
                    summary="Co-founder of OpenAI.")  # fmt: skip
    plan.sections = {
        "Mentions": [quote_line("Ilya Sutskever left OpenAI.", "src-a", "Source A")],
        "Related": [f"- {wikilink('openai', 'OpenAI')}"],
    }
    for k, v in kw.items():
        setattr(plan, k, v)
    return plan


def test_new_note_has_front_matter_summary_and_machine_sections():
    text = merge_note(None, _plan())
    note = parse_note(text, "ilya-sutskever.md")
    assert note.title == "Ilya Sutskever" and note.type == "person"
    assert note.aliases == ["Sutskever"] and note.meta["sources"] == ["src-a"]
    head, sections = split_sections(note.body)
    assert head == "Co-founder of OpenAI."
    assert [name for name, _ in sections] == ["Mentions", "Related"]
    assert "- “Ilya Sutskever left OpenAI.” — [[src-a|Source A]]" in text
    assert {link.target for link in note.links} == {"src-a", "openai"}


def test_merging_the_same_plan_again_changes_no_byte():
    text = merge_note(None, _plan())
    assert merge_note(text, _plan()) == text


def test_human_edits_survive_and_only_machine_sections_grow():
    text = merge_note(None, _plan())
    edited = text.replace("Co-founder of OpenAI.", "My own summary.\n\nA paragraph I wrote.")
    edited = edited.replace("- Sutskever\n", "- Sutskever\n- Ilya\n").replace(
        "type: person\n", "type: person\ntags:\n- researcher\n"
    )
    edited += "\n## My notes\n\nKeep this.\n"
    later = _plan(aliases=["Sutskever", "I. Sutskever"], sources=["src-b"])
    later.sections["Mentions"] = [quote_line("Sutskever founded SSI.", "src-b", "Source B")]
    merged = merge_note(edited, later)
    note = parse_note(merged, "ilya-sutskever.md")
    assert "My own summary.\n\nA paragraph I wrote." in merged
    assert "Co-founder of OpenAI." not in merged
    assert note.aliases == ["Sutskever", "Ilya", "I. Sutskever"]
    assert note.tags == ["researcher"]
    assert note.meta["sources"] == ["src-a", "src-b"]
    assert "## My notes\n\nKeep this." in merged
    mentions = dict(split_sections(note.body)[1])["Mentions"]
    assert [m for m in mentions if m.startswith("- ")] == [
        "- “Ilya Sutskever left OpenAI.” — [[src-a|Source A]]",
        "- “Sutskever founded SSI.” — [[src-b|Source B]]",
    ]
    assert merge_note(merged, later) == merged


def test_note_without_sections_gets_them_appended_and_keeps_its_text():
    human = "---\ntitle: Ilya Sutskever\n---\nWritten by hand.\n"
    merged = merge_note(human, _plan())
    assert merged.startswith("---\ntitle: Ilya Sutskever\n")
    assert "Written by hand.\n\n## Mentions\n\n- “Ilya" in merged
    assert "Co-founder of OpenAI." not in merged  # the note already had its own text


def test_note_with_unreadable_front_matter_is_left_alone():
    broken = "---\ntitle: [unclosed\n---\nBody.\n"
    assert merge_note(broken, _plan()) == broken


def test_link_labels_cannot_break_wikilinks():
    assert wikilink("a", "x|y [z]") == "[[a|x-y (z)]]"
    assert quote_line("see [[x]] now", "s", "S") == "- “see [x] now” — [[s|S]]"


def test_related_sections_link_each_note_once_whatever_the_bullet_says():
    plan = _plan()
    plan.sections["Related"] = [f"- {wikilink('openai', 'OpenAI')} — “left OpenAI”"]
    text = merge_note(None, _plan())  # an older bullet for the same note, without a reason
    merged = merge_note(text, plan)
    assert merged == text  # OpenAI is linked already: no second bullet
    assert merge_note(merged, plan) == merged


def test_snippets_keep_both_names_or_the_focus():
    from aikb.ingest.notes import snippet

    short = "Ilya Sutskever left OpenAI."
    assert snippet(short, ["Sutskever"], ["OpenAI"]) == short
    long = "Ilya Sutskever, " + "who did many things in many places over many years, " * 4
    long += "founded Safe Superintelligence Inc. last June."
    cut = snippet(long, ["Ilya Sutskever"], ["Safe Superintelligence Inc."])
    assert "Safe Superintelligence Inc." in cut and cut.startswith("…") and len(cut) <= 122
