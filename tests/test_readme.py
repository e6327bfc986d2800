"""The README stays true: its Python example runs as its comments say; every issue code is listed."""

from __future__ import annotations

import re
from typing import get_args

from conftest import ROOT

from pipeline.codes import CODES, Code

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example_runs_and_matches_its_comments(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    block = re.search(r"```python\n(.*?)```", README, re.S)
    assert block is not None
    namespace: dict = {}
    exec(block.group(1), namespace)
    assert namespace["red"] == ["R7-a", "R7-b"]
    assert namespace["mismatches"] == []
    assert namespace["slipped"] == ["Action R2-b due date slipped 3 months: Mar 2024 -> Jun 2024"]


def test_every_issue_code_is_documented() -> None:
    for code in CODES:
        assert f"| `{code}` |" in README, code
    documented = set(re.findall(r"^\| `(PT\d{3})` \|", README, re.M))
    assert documented == set(CODES), documented ^ set(CODES)


def test_the_code_type_and_the_catalogue_list_the_same_codes() -> None:
    """mypy checks call sites against `Code`; the catalogue gives each its severity and meaning."""
    assert list(get_args(Code)) == list(CODES)


def test_the_two_commands_come_first() -> None:
    first_block = README.split("```")[1]
    assert first_block.split()[:1] == ["make"] and "make demo" in first_block and "make test" in first_block
