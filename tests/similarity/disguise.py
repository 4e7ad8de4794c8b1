"""A disguised copy of a notebook, as a student hiding a copy would make it: every name the code chooses
renamed, the functions of each cell in reverse order, the code cells after the first in reverse order,
comments replaced and code reformatted (ast.unparse)."""

from __future__ import annotations

import ast
import builtins
import json
from pathlib import Path

BUILTINS = set(dir(builtins))


class _Rename(ast.NodeTransformer):
    def __init__(self, names: dict[str, str]):
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.names.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self.names.get(node.arg, node.arg)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.name = self.names.get(node.name, node.name)
        self.generic_visit(node)
        return node


def _chosen_names(trees: list[ast.Module], keep: set[str], salt: str = "my") -> dict[str, str]:
    """Names the code itself chose (assigned, parameters, its functions), each to a new name."""
    found: list[str] = []
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                found.append(node.id)
            elif isinstance(node, ast.arg):
                found.append(node.arg)
            elif isinstance(node, ast.FunctionDef) and node.name not in keep:
                found.append(node.name)
    return {n: f"{salt}_{n[::-1]}_{i}" for i, n in enumerate(dict.fromkeys(found))
            if n not in BUILTINS and n not in keep}


def disguise_sources(sources: list[str], keep: set[str] = frozenset(), salt: str = "my") -> list[str]:
    """Each cell renamed, its top-level functions reversed and re-commented; a cell that does not parse stays."""
    trees = []
    for text in sources:
        try:
            trees.append(ast.parse(text))
        except SyntaxError:
            trees.append(None)
    names = _chosen_names([t for t in trees if t is not None], set(keep), salt)
    out = []
    for text, tree in zip(sources, trees, strict=True):
        if tree is None:
            out.append(text)
            continue
        tree = _Rename(names).visit(tree)
        defs = [i for i, node in enumerate(tree.body) if isinstance(node, ast.FunctionDef)]
        bodies = [tree.body[i] for i in defs]
        for i, node in zip(defs, reversed(bodies), strict=True):
            tree.body[i] = node
        out.append("# my own solution\n" + ast.unparse(tree).replace("\n\n", "\n\n\n# next part\n"))
    return out


def disguise_notebook(src: Path, dst: Path, keep: set[str] = frozenset(), salt: str = "my") -> None:
    """`src` with its code cells disguised, written to `dst` (the graded function names in `keep` stay)."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c.get("cell_type") == "code"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in code]
    disguised = disguise_sources(sources, keep, salt)
    for cell, text in zip(code, disguised[:1] + disguised[:0:-1], strict=True):
        cell["source"] = text
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(nb), encoding="utf-8")
