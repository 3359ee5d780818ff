"""`aikb search` through the real CLI."""

import json


def test_search_human_output(cli):
    out = cli("search", "speculative sampling").stdout
    first = out.splitlines()[0]
    assert first.startswith(" 1. Speculative sampling") and "speculative-sampling.md" in first


def test_search_json_is_stable(cli):
    data = json.loads(cli("search", "Sutskever", "--json", "--limit", "2").stdout)
    assert len(data) == 2
    for hit in data:
        assert list(hit) == ["id", "path", "title", "type", "score", "snippet", "highlights"]
        assert not hit["path"].startswith("/")
    assert data[0]["score"] >= data[1]["score"]


def test_search_filters(cli):
    data = json.loads(cli("search", "Sutskever", "--type", "paper", "--json").stdout)
    assert [d["id"] for d in data] == ["papers/alexnet"]
    data = json.loads(cli("search", "lab", "--tag", "lab", "--json").stdout)
    assert [d["id"] for d in data] == ["openai"]


def test_no_results_exit_1_and_suggest(cli):
    result = cli("search", "rejektion", code=1)
    assert "No notes match 'rejektion'" in result.stdout
    assert "Did you mean: rejection?" in result.stdout


def test_bad_type_is_a_usage_error(cli):
    result = cli("search", "x", "--type", "robot", code=2)
    assert "robot" in result.output and "Traceback" not in result.output


def test_bad_query_syntax_is_one_line(cli):
    result = cli("search", "title:", code=None)
    assert "Traceback" not in result.output
