"""The catalogue's match logic (equals, starts_with, ends_with, contains, regex, or / and) as rows of clauses.

A rule becomes its disjunctive normal form: a text matches when, for some conjunction of the rule, every clause
of it holds. Clause values are lower case, as the package compares in lower case (a regex is applied to the
lower-cased text, as the package does). A regex that opens with a negative look-ahead, `^(?!A)B`, which the RE2
engines of DuckDB and BigQuery cannot run, becomes two clauses: not `^(?:A)`, and `^(?:B)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from genai_prices import types


@dataclass(frozen=True)
class Clause:
    kind: str  # equals, starts_with, ends_with, contains, regex
    value: str
    negated: bool = False


def _regex_clauses(regex: str) -> list[Clause]:
    if not regex.startswith("^(?!"):
        return [Clause("regex", regex)]
    depth = 0
    for index in range(1, len(regex)):
        char = regex[index]
        if char == "\\":
            continue
        if char == "(" and regex[index - 1] != "\\":
            depth += 1
        elif char == ")" and regex[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                look_ahead = regex[4:index]
                rest = regex[index + 1 :]
                clauses = [Clause("regex", f"^(?:{look_ahead})", negated=True)]
                if rest:
                    clauses.extend(_regex_clauses(f"^{rest}" if not rest.startswith("^") else rest))
                return clauses
    raise ValueError(f"unbalanced look-ahead in {regex!r}")


def conjunctions(logic: object) -> list[list[Clause]]:
    """The rule as a list of conjunctions (any one matching is a match)."""
    if isinstance(logic, types.ClauseEquals):
        return [[Clause("equals", logic.equals.lower())]]
    if isinstance(logic, types.ClauseStartsWith):
        return [[Clause("starts_with", logic.starts_with.lower())]]
    if isinstance(logic, types.ClauseEndsWith):
        return [[Clause("ends_with", logic.ends_with.lower())]]
    if isinstance(logic, types.ClauseContains):
        return [[Clause("contains", logic.contains.lower())]]
    if isinstance(logic, types.ClauseRegex):
        return [_regex_clauses(logic.regex)]
    if isinstance(logic, types.ClauseOr):
        return [conjunction for child in logic.or_ for conjunction in conjunctions(child)]
    if isinstance(logic, types.ClauseAnd):
        combined: list[list[Clause]] = [[]]
        for child in logic.and_:
            combined = [left + right for left in combined for right in conjunctions(child)]
        return combined
    raise TypeError(f"unknown match clause {logic!r}")


def matches(rule: list[list[Clause]], text: str) -> bool:
    """Python reading of the rows, used to check them against the package's own `is_match`."""
    import re

    text = text.lower()

    def holds(clause: Clause) -> bool:
        if clause.kind == "equals":
            hit = text == clause.value
        elif clause.kind == "starts_with":
            hit = text.startswith(clause.value)
        elif clause.kind == "ends_with":
            hit = text.endswith(clause.value)
        elif clause.kind == "contains":
            hit = clause.value in text
        else:
            hit = re.search(clause.value, text) is not None
        return hit != clause.negated

    return any(all(holds(clause) for clause in conjunction) for conjunction in rule)
