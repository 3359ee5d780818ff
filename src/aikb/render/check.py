"""`aikb check` and `aikb rename` results as rich renderables."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from aikb.kb import CheckReport
from aikb.vault.model import note_id
from aikb.vault.rename import RenamePlan


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_check(report: CheckReport) -> RenderableType:
    """Problems grouped by kind, each note as `path:line`, then a one-line summary."""
    parts: list[RenderableType] = []
    if report.broken:
        parts.append(Rule(f"Broken links ({len(report.broken)})", align="left", style="red"))
        for b in report.broken:
            line = Text(f"{b.source}:{b.line}", style="cyan")
            line.append("  ")
            line.append(b.target or "(empty)", style="bold red")
            line.append(f"  {b.context}", style="dim")
            parts.append(line)
    if report.orphans:
        parts.append(Rule(f"Orphan notes ({len(report.orphans)})", align="left", style="yellow"))
        parts.append(Text("no link in or out", style="dim"))
        for n in report.orphans:
            parts.append(Text.assemble((n.path, "cyan"), "  ", n.title))
    if report.same_titles:
        rule = Rule(f"Notes with the same title ({len(report.same_titles)})", align="left")
        parts.append(rule)
        for title, nodes in report.same_titles:
            line = Text(title, style="bold")
            line.append(": " + ", ".join(n.path for n in nodes), style="cyan")
            parts.append(line)
    if report.warnings:
        parts.append(Rule(f"Warnings ({len(report.warnings)})", align="left"))
        for _path, problem in report.warnings:
            parts.append(Text(problem, style="yellow"))
    links = sum(report.graph.edges.values())
    summary = (
        f"{_plural(len(report.graph.nodes), 'note')}, {_plural(links, 'link')}: "
        f"{_plural(len(report.broken), 'broken link')}, {_plural(len(report.orphans), 'orphan')}, "
        f"{_plural(len(report.same_titles), 'shared title')}"
    )
    parts.append(Text(summary, style="bold red" if report.broken else "bold green"))
    return Group(*parts)


def render_rename(plan: RenamePlan, *, dry_run: bool) -> RenderableType:
    """What a rename did (or, with --dry-run, would do): the move and each rewritten link."""
    verb = ("would move", "would rewrite") if dry_run else ("moved", "rewrote")
    head = Text(f"{verb[0]} ")
    head.append(plan.old, style="cyan")
    head.append(" → ")
    head.append(plan.new, style="cyan")
    files = plan.files
    parts: list[RenderableType] = [head]
    summary = f"{verb[1]} {_plural(len(plan.edits), 'link')} in {_plural(len(files), 'note')}"
    parts.append(Text(summary + (":" if plan.edits else "")))
    for edit in plan.edits:
        where = plan.new if edit.path == plan.old else edit.path
        line = Text(f"  {where}:{edit.line}  ", style="cyan")
        line.append(edit.old, style="red")
        line.append(" → ")
        line.append(edit.new, style="green")
        parts.append(line)
    for edit in plan.stuck:
        parts.append(
            Text(
                f"  {edit.path}:{edit.line}  {edit.old} left as it is: no link form reaches "
                f"{note_id(plan.new)} from there",
                style="yellow",
            )
        )
    return Group(*parts)
