"""The stages import downwards only: models/errors/vocab < ingest < layout < extract < validate < emit
< diff < history < report < batch < cli, and no two subpackages import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
ORDER = [
    {"models", "errors", "vocab", "codes", "options"},
    {"ingest"},
    {"layout"},
    {"extract"},
    {"validate"},
    {"orchestrate"},
    {"emit", "schema"},
    {"diff"},
    {"history"},
    {"report"},
    {"batch"},
    {"cli", "__main__"},
]
LEVEL = {name: i for i, names in enumerate(ORDER) for name in names}


def _unit(path: Path, root: Path) -> str:
    """The stage a module belongs to: its subpackage, or the module name for top-level modules."""
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def import_graph(root: Path) -> dict[str, set[str]]:
    """Stage -> stages it imports, from the source (every import, deferred ones included)."""
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        unit = _unit(path, root)
        if unit == "__init__":
            continue  # the package's public API re-exports from every stage
        deps = graph.setdefault(unit, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
                if node.module == root.name:  # 'from pipeline import x': only submodules are stages
                    names = [
                        f"{root.name}.{a.name}"
                        for a in node.names
                        if (root / a.name).is_dir() or (root / f"{a.name}.py").is_file()
                    ]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == root.name and len(parts) > 1 and parts[1] != unit:
                    deps.add(parts[1])
    return graph


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Upward imports (and so every cycle between stages) as readable lines."""
    out = []
    for unit, deps in sorted(graph.items()):
        for dep in sorted(deps):
            if dep not in LEVEL or unit not in LEVEL:
                out.append(f"{unit} -> {dep}: stage not in the allowed order")
            elif LEVEL[dep] > LEVEL[unit]:
                out.append(f"{unit} -> {dep}: imports upwards")
    return out


def test_pipeline_imports_only_downwards() -> None:
    assert violations(import_graph(PACKAGE)) == []


def test_a_reintroduced_cycle_is_caught(tmp_path: Path) -> None:
    """The check itself: layout importing extract (the old cycle) fails it."""
    root = tmp_path / "pipeline"
    for stage, source in {
        "layout": "from pipeline.extract.headers import classify_header\n",
        "extract": "from pipeline.layout import analyse\n",
    }.items():
        (root / stage).mkdir(parents=True)
        (root / stage / "__init__.py").write_text(source)
    found = violations(import_graph(root))
    assert found == ["layout -> extract: imports upwards"]


@pytest.mark.parametrize("unit", sorted(LEVEL))
def test_every_stage_in_the_order_exists(unit: str) -> None:
    assert (PACKAGE / unit).is_dir() or (PACKAGE / f"{unit}.py").is_file()


READERS = ("textlayer", "plaintext")  # each reader's modules start with its name (plaintext_lines.py)


def reader_imports(extract: Path) -> list[str]:
    """Imports from one reader of the extract stage into the other, as 'a.py -> pipeline.extract.b'.

    The text-layer reader (textlayer.py) and the plain-text reader (plaintext*.py) share what they
    have in common through the modules below them (vocab, cells, rag, finish ...), never directly.
    """

    def reader(name: str) -> str | None:
        return next((r for r in READERS if name.startswith(r)), None)

    out = []
    for path in sorted(extract.glob("*.py")):
        mine = reader(path.stem)
        if mine is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("pipeline.extract.")
            ):
                other = reader(node.module.rsplit(".", 1)[1])
                if other is not None and other != mine:
                    out.append(f"{path.name} -> {node.module}")
    return out


def test_the_two_readers_share_only_what_lies_below_them() -> None:
    assert reader_imports(PACKAGE / "extract") == []


def test_a_reader_importing_the_other_is_caught(tmp_path: Path) -> None:
    extract = tmp_path / "extract"
    extract.mkdir()
    (extract / "textlayer.py").write_text("from pipeline.extract.plaintext_lines import BAU_RE\n")
    (extract / "plaintext.py").write_text("from pipeline.extract.cells import norm\n")
    assert reader_imports(extract) == ["textlayer.py -> pipeline.extract.plaintext_lines"]
