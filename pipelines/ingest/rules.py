"""SQL generated from the contract: how each column is typed and which rules it can break.

Every value the SQL compares with (code lists, patterns, bounds, dates, messages) is bound as
a parameter through ``Params``; only contract column names, which are fixed identifiers, are
written into the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pipelines import contract
from pipelines.ingest.readers import quote_identifier

#: Characters trimmed from every value: spaces, tabs, carriage returns, non-breaking spaces.
WHITESPACE = " \t\r\n\u00a0"

#: Reason code per type when a value cannot be read as that type.
TYPE_REASONS = {
    "integer": "geen_geheel_getal",
    "decimal": "geen_getal",
    "date": "ongeldige_datum",
    "boolean": "geen_ja_nee",
}

#: Dutch messages for the contract's row rules; a rule missing here gets a generic message.
ROW_RULE_MESSAGES = {
    "gemeente_past_niet_bij_wijk": "gemeente_code '{}' past niet bij wijk_code (GM + tekens 3–6)",
    "einddatum_voor_startdatum": "einddatum '{}' ligt vóór startdatum",
    "ontslag_voor_opname": "ontslagdatum '{}' ligt vóór opnamedatum",
    "crisis_niet_wlz": "crisis '{}': alleen een WLZ_VERBLIJF kan een crisisopname zijn",
    "zorgprofiel_ontbreekt": "zorgprofiel ontbreekt; verplicht bij een WLZ_VERBLIJF",
    "zorgprofiel_niet_wlz": "zorgprofiel '{}' hoort alleen bij een WLZ_VERBLIJF",
    "indicatie_na_opname": "indicatiedatum '{}' ligt na opnamedatum",
    "aanvraag_na_contact": "aanvraagdatum '{}' ligt na de datum van het contact",
}


class Params:
    """Collects parameter values and hands out their ``$name`` placeholders."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"


@dataclass(frozen=True)
class Check:
    """One rule one row can break: ``condition`` (SQL, true = broken) on the typed row."""

    column: str | None
    value_sql: str
    reason: str
    message_template: str  # '{}' is replaced by the value

    def struct_sql(self, params: Params) -> str:
        """Return SQL for the quarantine entry this check writes when broken."""
        column = params.add(self.column) if self.column else "cast(null as varchar)"
        template = params.add(self.message_template)
        message = f"coalesce(format({template}, {self.value_sql}), {template})"
        if "{}" not in self.message_template:
            message = template
        return (
            f"{{'column_name': {column}, 'value': {self.value_sql}, "
            f"'reason': {params.add(self.reason)}, 'message': {message}}}"
        )


def _literal(text: str) -> str:
    """Return ``text`` for a message template, its braces not read as placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def value_name(column: str) -> str:
    """Return the identifier of a column's trimmed text (NULL when empty)."""
    return quote_identifier(f"_v_{column}")


#: A separator no delivered value is expected to hold, between the values of a row.
_VALUE_SEPARATOR = "\x1f"
#: A value of the joined row (see ``edge_whitespace_sql``) starting or ending with whitespace.
_EDGE_WHITESPACE_IN_ROW = (
    f"(^|{_VALUE_SEPARATOR})[{WHITESPACE}]|[{WHITESPACE}]({_VALUE_SEPARATOR}|$)"
)


def joined_values_sql(columns: list[str], params: Params) -> str:
    """Return SQL joining a row's values in ``columns`` with a separator (NULLs left out)."""
    if not columns:
        return "''"
    values = ", ".join(quote_identifier(column) for column in columns)
    return f"concat_ws({params.add(_VALUE_SEPARATOR)}, {values})"


def edge_whitespace_sql(joined: str, params: Params) -> str:
    """Return SQL that is true when a value in ``joined`` (a ``joined_values_sql`` column) may
    start or end with whitespace, and never false when one does; ``trimmed_sql`` then trims
    only those rows.

    One test per row, not one per value: the regular expression runs only on the few rows
    that hold a whitespace character at all (five ``contains`` on the joined row cost less
    than one regular expression on each value).
    """
    any_space = " or ".join(f"contains({joined}, {params.add(char)})" for char in WHITESPACE)
    # CASE, not AND: DuckDB evaluates both sides of AND for every row.
    return (
        f"case when {any_space} "
        f"then regexp_matches({joined}, {params.add(_EDGE_WHITESPACE_IN_ROW)}) else false end"
    )


def trimmed_sql(column: str, delivered: bool, params: Params, row_has_edge: str) -> str:
    """Return SQL for a column's trimmed text, NULL when empty or not delivered.

    ``row_has_edge`` names the row's ``edge_whitespace_sql`` column: trim() with a character
    set is slow (about 0.25 µs a value), so only rows that may need it pay for it.
    """
    if not delivered:
        return "cast(null as varchar)"
    value = quote_identifier(column)
    return (
        f"nullif(case when {row_has_edge} then trim({value}, {params.add(WHITESPACE)}) "
        f"else {value} end, '')"
    )


def typed_sql(col: contract.Column, params: Params, decimal_comma: bool) -> str:
    """Return SQL turning the trimmed text into the contract type; NULL when it cannot."""
    value = value_name(col.name)
    if col.type == "text":
        if col.codes is None:
            return value
        codes = params.add(list(col.codes))
        upper = params.add([code.upper() for code in col.codes])
        # The list's own spelling is cheap to find and almost always there; only other values
        # pay for upper() and the second lookup. list_position, not IN or list_contains:
        # DuckDB plans those as a join, which may give up the file's row order
        # (readers.run_on_raw then reads the file on one thread).
        return (
            f"case when list_position({codes}, {value}) is not null then {value} "
            f"else list_extract({codes}, list_position({upper}, upper({value}))) end"
        )
    if col.type == "integer":
        comma = (
            f" when regexp_full_match({value}, '[+-]?[0-9]+,0*') "
            f"then try_cast(split_part({value}, ',', 1) as bigint)"
            if decimal_comma
            else ""
        )
        return (
            f"case when regexp_full_match({value}, '[+-]?[0-9]+') "
            f"then try_cast({value} as bigint){comma} end"
        )
    if col.type == "decimal":
        comma = (
            f" when regexp_full_match({value}, '[+-]?[0-9]+,[0-9]+') "
            f"then try_cast(replace({value}, ',', '.') as double)"
            if decimal_comma
            else ""
        )
        return (
            f"case when regexp_full_match({value}, "
            f"'[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') "
            f"then try_cast({value} as double){comma} end"
        )
    if col.type == "date":
        return (
            f"case when regexp_full_match({value}, '[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}') "
            f"then cast(try_strptime({value}, '%Y-%m-%d') as date) "
            f"when regexp_full_match({value}, '[0-9]{{1,2}}-[0-9]{{1,2}}-[0-9]{{4}}') "
            f"then cast(try_strptime({value}, '%d-%m-%Y') as date) end"
        )
    if col.type == "boolean":
        true_words = params.add(list(contract.TRUE_WORDS))
        false_words = params.add(list(contract.FALSE_WORDS))
        return (
            f"case when list_position({true_words}, upper({value})) is not null then true "
            f"when list_position({false_words}, upper({value})) is not null then false end"
        )
    raise ValueError(f"contract column {col.name} has unknown type {col.type!r}")


def column_checks(col: contract.Column, params: Params, today: date) -> list[tuple[str, Check]]:
    """Return (condition SQL, check) for every rule of one column, in the contract's order."""
    value = value_name(col.name)
    typed = quote_identifier(col.name)
    name = col.name
    checks: list[tuple[str, Check]] = []
    if not col.nullable:
        checks.append(
            (
                f"{value} is null",
                Check(
                    name, value, "ontbrekende_waarde", f"{name} is leeg; een waarde is verplicht"
                ),
            )
        )
    if col.codes is not None:
        allowed = ", ".join(col.codes)
        checks.append(
            (
                f"{value} is not null and {typed} is null",
                Check(
                    name,
                    value,
                    "onbekende_code",
                    f"{name} '{{}}' is geen bekende code (toegestaan: {allowed})",
                ),
            )
        )
    elif col.type in TYPE_REASONS:
        messages = {
            "integer": f"{name} '{{}}' is geen geheel getal",
            "decimal": f"{name} '{{}}' is geen getal",
            "date": f"{name} '{{}}' is geen geldige datum",
            "boolean": f"{name} '{{}}' is geen ja/nee-waarde (ja/nee, j/n, true/false, 1/0)",
        }
        checks.append(
            (
                f"{value} is not null and {typed} is null",
                Check(name, value, TYPE_REASONS[col.type], messages[col.type]),
            )
        )
    if col.pattern is not None:
        checks.append(
            (
                f"not regexp_full_match({typed}, {params.add(col.pattern)})",
                Check(
                    name,
                    value,
                    "ongeldig_formaat",
                    f"{name} '{{}}' heeft niet het juiste formaat ({_literal(col.pattern)})",
                ),
            )
        )
    if col.minimum is not None or col.maximum is not None:
        bounds = []
        if col.minimum is not None:
            bounds.append(f"{typed} < {params.add(col.minimum)}")
        if col.maximum is not None:
            bounds.append(f"{typed} > {params.add(col.maximum)}")
        described = " t/m ".join(
            _bound_text(bound) for bound in (col.minimum, col.maximum) if bound is not None
        )
        if col.maximum is None:
            described = f"minimaal {_bound_text(col.minimum)}"
        elif col.minimum is None:
            described = f"maximaal {_bound_text(col.maximum)}"
        checks.append(
            (
                " or ".join(bounds),
                Check(
                    name, value, "buiten_bereik", f"{name} {{}} ligt buiten bereik ({described})"
                ),
            )
        )
    if col.not_future:
        checks.append(
            (
                f"{typed} > cast({params.add(today)} as date)",
                Check(
                    name,
                    value,
                    "datum_in_toekomst",
                    f"{name} '{{}}' ligt in de toekomst (na {today:%d-%m-%Y})",
                ),
            )
        )
    if col.not_before is not None:
        checks.append(
            (
                f"{typed} < cast({params.add(col.not_before)} as date)",
                Check(
                    name,
                    value,
                    "datum_te_vroeg",
                    f"{name} '{{}}' ligt vóór {col.not_before:%d-%m-%Y}",
                ),
            )
        )
    return checks


def _bound_text(bound: float) -> str:
    """A bound as a Dutch message writes it: 5, −3 or 0,5."""
    return f"{bound:g}".replace(".", ",")


def row_rule_check(rule: contract.RowRule) -> tuple[str, Check]:
    """Return (condition SQL, check) for a row rule; NULLs make the rule pass."""
    message = ROW_RULE_MESSAGES.get(rule.name, f"rij voldoet niet aan de regel {rule.name}")
    return (
        f"not coalesce(({rule.expression}), true)",
        Check(rule.column, value_name(rule.column), rule.name, message),
    )
