"""What a tagged PDF says each piece of text is: heading, paragraph, table cell, list item.

The structure tree's parent tree maps every marked-content id (MCID) on a page straight to
its structure element; walking up from there gives the roles around the text ("TD" inside
"Table", "H1" inside "LBody" for a numbered Word heading). Reading the parent tree is the
approved way to get one page's structure and costs a dictionary walk per element, cached, so
it stays cheap on long documents (pdfplumber's whole ``structure_tree`` builds every page).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from pdfminer.data_structures import NumberTree
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral

log = logging.getLogger(__name__)

ARTIFACT = "Artifact"
_HEADING = re.compile(r"^H([1-6]?)$")
# Roles whose text is never a heading, by precedence when an element sits inside several
# ("H1" inside "TD" is a table cell; a heading inside a list item is still a heading).
_CONTAINERS = (
    ("Table", {"Table", "TR", "TH", "TD", "THead", "TBody", "TFoot"}),
    ("TOC", {"TOC", "TOCI"}),
    ("Figure", {"Figure", "Formula", "Form"}),
    ("Caption", {"Caption"}),
    ("Note", {"Note", "FENote", "Footnote", "Endnote"}),
)
_LIST = {"L", "LI", "Lbl", "LBody"}
_SECTIONS = {"Sect", "Part", "Art", "Chapter", "Section"}
_MAX_DEPTH = 64


def heading_level(role: str) -> int | None:
    """The level of a heading role ("H2" -> 2; "H" gets its level from its nesting, so it
    arrives here as "H<n>"); None for roles that are not headings."""
    match = _HEADING.match(role)
    if not match:
        return None
    return int(match.group(1) or 1)


def _name(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        name = value.name
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)
    return str(value) if value is not None else ""


@dataclass
class StructureRoles:
    """MCID -> role per page for a tagged PDF; built once per file (or chunk of pages)."""

    role_map: dict[str, str]
    parents: dict[int, Any]  # StructParents key -> array of elements indexed by MCID
    _cache: dict[int, str] = field(default_factory=dict)
    _chains: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def _standard(self, role: str) -> str:
        seen = 0
        while role in self.role_map and seen < 8:  # custom roles map on to standard ones
            mapped = self.role_map[role]
            if mapped == role:
                break
            role, seen = mapped, seen + 1
        return role

    def _role_of(self, ref: Any) -> str:
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        if objid is not None and objid in self._cache:
            return self._cache[objid]
        role = _effective(list(self._types(ref)))
        if objid is not None:
            self._cache[objid] = role
        return role

    def _types(self, ref: Any) -> tuple[str, ...]:
        """The element's type and its ancestors' (role-mapped), innermost first; every
        element on the way up is remembered, so a page's elements share the walk."""
        path: list[tuple[int | None, str]] = []
        node_ref: Any = ref
        tail: tuple[str, ...] = ()
        for _ in range(_MAX_DEPTH):
            objid = node_ref.objid if isinstance(node_ref, PDFObjRef) else None
            if objid is not None and objid in self._chains:
                tail = self._chains[objid]
                break
            node = resolve1(node_ref)
            if not isinstance(node, dict) or _name(node.get("Type")) == "StructTreeRoot":
                break
            path.append((objid, self._standard(_name(node["S"])) if "S" in node else ""))
            node_ref = node.get("P")
        types = tail
        for objid, kind in reversed(path):
            types = ((kind,) if kind else ()) + types
            if objid is not None:
                self._chains[objid] = types
        return types

    def page_roles(self, page_attrs: dict[str, Any]) -> dict[int, str] | None:
        """MCID -> role on one page; None when the page has no tagged content."""
        key = page_attrs.get("StructParents")
        if key is None:
            return None
        array = resolve1(self.parents.get(int(resolve1(key))))
        if not isinstance(array, list):
            return None
        roles: dict[int, str] = {}
        for mcid, ref in enumerate(array):
            if ref is None or isinstance(ref, PSLiteral):
                continue  # "null": marked content with no element
            try:
                roles[mcid] = self._role_of(ref)
            except Exception as exc:  # a broken element costs its text's role only
                log.debug("structure element for MCID %d unreadable: %s", mcid, exc)
        return roles


def _effective(types: list[str]) -> str:
    """The role that decides what a piece of text is, from its element outwards."""
    for name, members in _CONTAINERS:
        if any(t in members for t in types):
            if name == "Table":
                return "TH" if "TH" in types else "TD"
            return name
    for i, t in enumerate(types):
        if t == "H":  # a bare H takes its level from the sections around it
            return f"H{min(6, max(1, sum(1 for u in types[i:] if u in _SECTIONS)))}"
        if _HEADING.match(t):
            return t
    if any(t in _LIST for t in types):
        return "Lbl" if types and types[0] == "Lbl" else "LI"
    return types[0] if types else "P"


def structure_roles(catalog: dict[str, Any]) -> StructureRoles | None:
    """The roles of a tagged PDF, or None when it has no usable structure tree."""
    try:
        root = resolve1(catalog.get("StructTreeRoot"))
        if not isinstance(root, dict) or "ParentTree" not in root:
            return None
        raw_map = resolve1(root.get("RoleMap")) or {}
        if not isinstance(raw_map, dict):
            raw_map = {}
        role_map = {str(k): _name(v) for k, v in raw_map.items()}
        parents = dict(NumberTree(resolve1(root["ParentTree"])).values)
    except Exception as exc:  # a damaged tree: read the file as untagged
        log.debug("structure tree unreadable: %s", exc)
        return None
    return StructureRoles(role_map, parents) if parents else None
