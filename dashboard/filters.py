"""The shared sidebar filters, bound to the URL so that a link reproduces the view.

Each widget has a key, and the key is its URL parameter (``?resv=…&gemeente=…&wijk=…&jaar=…``).
The URL carries the label the user sees. Streamlit silently drops a value that is not an
option; before each widget we look at the raw parameter ourselves, so that a bad or stale link
falls back to the default *with a short notice* instead of silently or with an error.
RESV, gemeente and wijk narrow each other: the gemeenten offered are those of the chosen RESV,
the wijken those of the chosen gemeente (or RESV). Choosing goes the other way too: a wijk
chosen sets its gemeente and RESV, a gemeente its RESV (and drops a wijk outside it), so a
coordinator types her wijk's name (or her gemeente's) in the wijk box and is there. A link
with only a wijk (or gemeente) gets its parents filled in the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
import streamlit as st

from dashboard import present, queries
from dashboard.reports import area_title, rules

#: URL parameter (and widget key) of each filter.
KEY_RESV = "resv"
KEY_GEMEENTE = "gemeente"
KEY_WIJK = "wijk"
KEY_JAAR = "jaar"
KEY_INDICATOR = "indicator"
KEY_INDICATOREN = "indicatoren"
KEY_PERIODE_TYPE = "periodes"
KEY_NIVEAU = "niveau"

ALL_RESV = "Hele regio"
ALL_GEMEENTEN = "Alle gemeenten"
ALL_WIJKEN = "Alle wijken"
#: The option "all" of the area boxes. Not None: a keyed selectbox whose state is set to None
#: shows its placeholder instead of the option, and the callbacks below set these states.
_ALL = ""

WIJK_HELP = (
    "Typ een deel van de naam van de wijk of van haar gemeente, bijvoorbeeld ‘Zuid’ of de "
    "gemeentenaam. Een gekozen wijk zet ook haar gemeente en RESV."
)

PERIOD_TYPE_LABELS = {"jaar": "Jaren", "kwartaal": "Kwartalen"}
LEVEL_LABELS = rules.LEVEL_LABELS


@dataclass(frozen=True)
class Gebied:
    """One area: its level (wijk/gemeente/resv/regio), code, name and benchmark area."""

    level: str
    code: str
    name: str
    benchmark_code: str | None
    #: The benchmark area's name, None without a benchmark (the regio).
    benchmark_name: str | None = None

    @property
    def label(self) -> str:
        """The area as a heading names it: "De hele regio", "Gemeente Synthdam", "Wijk 00
        Centrum, Synthdam" (`reports.area_title`)."""
        return area_title({"area_level": self.level, "area_name": self.name})


@dataclass(frozen=True)
class GebiedKeuze:
    """The sidebar's area choice: the chosen codes and the most specific area among them."""

    resv: str | None
    gemeente: str | None
    wijk: str | None
    gebied: Gebied
    regio: Gebied
    #: The code whose wijken a page lists: the chosen gemeente or RESV, None for the whole
    #: regio; with a wijk chosen its gemeente, so the wijk is shown among its neighbours.
    scope: str | None


FALLBACK_DEFAULT = "de standaardkeuze wordt getoond"
FALLBACK_IGNORED = "die is weggelaten"


def _check_url(
    key: str, labels: Sequence[str], what: str, fallback: str = FALLBACK_DEFAULT
) -> None:
    """Show a notice when the URL parameter `key` holds a value that is not among `labels`."""
    raw = st.query_params.get_all(key)
    unknown = [value for value in raw if value and value not in labels]
    if unknown:
        st.warning(
            f"De link bevatte een onbekende of verouderde {what} ‘{', '.join(unknown)}’; "
            f"{fallback}.",
            icon=":material/link_off:",
        )


def _unique_labels(frame: pl.DataFrame) -> dict[str, str]:
    """Area code → name, with the code added where names repeat, so a URL label is unique."""
    names = frame.get_column("area_name").to_list()
    codes = frame.get_column("area_code").to_list()
    counts = Counter(names)
    return {
        code: (f"{name} ({code})" if counts[name] > 1 else name)
        for code, name in zip(codes, names, strict=True)
    }


def bound_selectbox(
    label: str,
    options: Sequence,
    labels: dict,
    key: str,
    what: str,
    index: int = 0,
    help: str | None = None,
    on_change=None,
    args: tuple = (),
):
    """Return the value of a sidebar selectbox bound to the URL parameter `key`.

    `labels` maps each option to the text shown (and written to the URL). A URL value that is
    not one of them gives a notice naming `what`, and the default at `index`. `on_change` is
    called (with `args`) before the run that follows a choice.
    """
    options = list(options)
    _check_url(key, [labels[option] for option in options], what)
    return st.sidebar.selectbox(
        label,
        options,
        index=index,
        format_func=lambda option: labels[option],
        key=key,
        bind="query-params",
        help=help,
        placeholder=f"Kies een {what}",
        on_change=on_change,
        args=args,
    )


def _gebied(row: dict, rows: dict[str, dict]) -> Gebied:
    level = row["area_level"]
    benchmark = rules.reference_code(row)
    name = rows[benchmark]["area_name"] if benchmark in rows else None
    return Gebied(level, row["area_code"], row["area_name"], benchmark, name)


@dataclass(frozen=True)
class _AreaIndex:
    """What the area filters need of the `areas` table, computed once per database."""

    rows: dict[str, dict]
    regio: Gebied
    resv_labels: dict[str | None, str]
    gemeente_names: dict[str, str]
    wijk_names: dict[str, str]
    #: RESV → its gemeenten, gemeente → its wijken, RESV → its wijken (order of `areas`).
    gemeenten_in: dict[str, list[str]]
    wijken_in_gemeente: dict[str, list[str]]
    wijken_in_resv: dict[str, list[str]]


@st.cache_resource(show_spinner=False, max_entries=4)
def _area_index(db: str) -> _AreaIndex:
    """Return the area index of database `db` (shared by all sessions; never mutate it)."""
    all_areas = queries.areas(db)
    rows = {row["area_code"]: row for row in all_areas.to_dicts()}
    regio_rows = all_areas.filter(pl.col("area_level") == "regio")
    gemeente_frame = all_areas.filter(pl.col("area_level") == "gemeente")
    # Wijken grouped by gemeente (their names end in it), so the list reads as one gemeente
    # after another.
    gemeente_of = dict(zip(gemeente_frame["area_code"], gemeente_frame["area_name"], strict=True))
    wijk_frame = (
        all_areas.filter(pl.col("area_level") == "wijk")
        .with_columns(_gemeente=pl.col("gemeente_code").replace_strict(gemeente_of, default=""))
        .sort("_gemeente", "area_name", "area_code")
    )
    gemeenten_in: dict[str, list[str]] = {}
    for code, resv in zip(gemeente_frame["area_code"], gemeente_frame["resv_code"], strict=True):
        gemeenten_in.setdefault(resv, []).append(code)
    wijken_in_gemeente: dict[str, list[str]] = {}
    wijken_in_resv: dict[str, list[str]] = {}
    for code, gemeente, resv in zip(
        wijk_frame["area_code"], wijk_frame["gemeente_code"], wijk_frame["resv_code"], strict=True
    ):
        wijken_in_gemeente.setdefault(gemeente, []).append(code)
        wijken_in_resv.setdefault(resv, []).append(code)
    return _AreaIndex(
        rows=rows,
        regio=_gebied(regio_rows.row(0, named=True), rows),
        # Labels are made unique over the whole level, not the narrowed list, so that the
        # label a link carries does not depend on the other filters.
        resv_labels={
            None: ALL_RESV,
            **_unique_labels(all_areas.filter(pl.col("area_level") == "resv")),
        },
        gemeente_names=_unique_labels(gemeente_frame),
        wijk_names=_unique_labels(wijk_frame),
        gemeenten_in=gemeenten_in,
        wijken_in_gemeente=wijken_in_gemeente,
        wijken_in_resv=wijken_in_resv,
    )


def _choose_wijk(db: str) -> None:
    """After a wijk is chosen: choose its gemeente and RESV too."""
    wijk = st.session_state.get(KEY_WIJK)
    if wijk:
        row = _area_index(db).rows[wijk]
        st.session_state[KEY_GEMEENTE] = row["gemeente_code"]
        st.session_state[KEY_RESV] = row["resv_code"]


def _choose_gemeente(db: str) -> None:
    """After a gemeente is chosen: choose its RESV, and drop a wijk outside it."""
    gemeente = st.session_state.get(KEY_GEMEENTE)
    rows = _area_index(db).rows
    wijk = st.session_state.get(KEY_WIJK)
    if wijk and (not gemeente or rows[wijk]["gemeente_code"] != gemeente):
        st.session_state[KEY_WIJK] = _ALL
    if gemeente:
        st.session_state[KEY_RESV] = rows[gemeente]["resv_code"]


def _choose_resv(db: str) -> None:
    """After a RESV is chosen: drop a gemeente and wijk outside it."""
    resv = st.session_state.get(KEY_RESV)
    rows = _area_index(db).rows
    for key in (KEY_GEMEENTE, KEY_WIJK):
        code = st.session_state.get(key)
        if code and (not resv or rows[code]["resv_code"] != resv):
            st.session_state[key] = _ALL


def _complete_link(index: _AreaIndex) -> None:
    """On a page's first run, give a link that names a wijk (or gemeente) but not its parents
    those parents, as choosing it in the sidebar would. A link that names a gemeente is
    completed from the gemeente: a wijk outside it is the link's mistake (and falls back)."""
    if any(key in st.session_state for key in (KEY_RESV, KEY_GEMEENTE, KEY_WIJK)):
        return
    gemeenten = {label: code for code, label in index.gemeente_names.items()}
    wijken = {label: code for code, label in index.wijk_names.items()}
    gemeente = gemeenten.get(st.query_params.get(KEY_GEMEENTE))
    wijk = wijken.get(st.query_params.get(KEY_WIJK))
    if gemeente is None and wijk is not None and not st.query_params.get(KEY_GEMEENTE):
        gemeente = index.rows[wijk]["gemeente_code"]
        st.session_state[KEY_GEMEENTE] = gemeente
    if gemeente is not None and not st.query_params.get(KEY_RESV):
        st.session_state[KEY_RESV] = index.rows[gemeente]["resv_code"]


def area_filter(db: str) -> GebiedKeuze:
    """Render the RESV, gemeente and wijk filters in the sidebar; return the choice.

    Nothing chosen means the whole regio. A wijk chosen sets its gemeente and RESV, a
    gemeente its RESV (see the module). Refuses nothing: unknown URL values fall back.
    """
    index = _area_index(db)
    _complete_link(index)
    resv_labels = {
        _ALL: ALL_RESV,
        **{code: label for code, label in index.resv_labels.items() if code},
    }
    resv = (
        bound_selectbox(
            "RESV", resv_labels, resv_labels, KEY_RESV, "RESV", on_change=_choose_resv, args=(db,)
        )
        or None
    )

    gemeente_codes = index.gemeenten_in.get(resv, []) if resv else list(index.gemeente_names)
    gemeente_labels = {_ALL: ALL_GEMEENTEN}
    gemeente_labels.update({code: index.gemeente_names[code] for code in gemeente_codes})
    gemeente = (
        bound_selectbox(
            "Gemeente",
            gemeente_labels,
            gemeente_labels,
            KEY_GEMEENTE,
            "gemeente",
            on_change=_choose_gemeente,
            args=(db,),
        )
        or None
    )

    if gemeente:
        wijk_codes = index.wijken_in_gemeente.get(gemeente, [])
    elif resv:
        wijk_codes = index.wijken_in_resv.get(resv, [])
    else:
        wijk_codes = list(index.wijk_names)
    wijk_labels = {_ALL: ALL_WIJKEN}
    wijk_labels.update({code: index.wijk_names[code] for code in wijk_codes})
    wijk = (
        bound_selectbox(
            "Wijk",
            wijk_labels,
            wijk_labels,
            KEY_WIJK,
            "wijk",
            help=WIJK_HELP,
            on_change=_choose_wijk,
            args=(db,),
        )
        or None
    )

    rows = index.rows
    chosen = wijk or gemeente or resv
    gebied = _gebied(rows[chosen], rows) if chosen else index.regio
    scope = rules.comparison_scope(rows[chosen]) if chosen else None
    return GebiedKeuze(
        resv=resv, gemeente=gemeente, wijk=wijk, gebied=gebied, regio=index.regio, scope=scope
    )


def year_filter(db: str) -> str:
    """Render the year filter; return the chosen year as a period ('2025').

    The default is the last complete year of the build; an incomplete year is offered as what
    it is ("2026 t/m sep") and named in the help.
    """
    info = queries.build_info(db)
    years = queries.periods(db).filter(pl.col("period_type") == "jaar")
    options = years.get_column("period").to_list()[::-1]
    labels = {
        row["period"]: present.period_text(
            row["period"], row["periode_volledig"], info["peildatum"]
        )
        for row in years.to_dicts()
    }
    last_complete = info.get("laatste_volledige_jaar")
    default = str(last_complete) if last_complete is not None else options[0]
    incomplete = years.filter(~pl.col("periode_volledig")).get_column("period").to_list()
    help_text = (
        f"Onvolledig (nog niet alle gegevens): {', '.join(labels[p] for p in incomplete)}."
        if incomplete
        else None
    )
    return bound_selectbox(
        "Jaar",
        options,
        labels,
        KEY_JAAR,
        "periode",
        index=options.index(default) if default in options else 0,
        help=help_text,
    )


def indicator_filter(db: str, indicator_ids: Sequence[str] | None = None) -> str:
    """Render the indicator filter; return the chosen indicator_id (default: the first one).

    `indicator_ids` limits the choice (in catalogue order); None offers every indicator.
    """
    cat = queries.catalogue(db)
    if indicator_ids is not None:
        cat = cat.filter(pl.col("indicator_id").is_in(list(indicator_ids)))
    labels = dict(zip(cat["indicator_id"], cat["titel"], strict=True))
    return bound_selectbox("Indicator", list(labels), labels, KEY_INDICATOR, "indicator")


def indicators_filter(db: str, default: Sequence[str]) -> list[str]:
    """Render a multi-choice of indicators bound to the URL; return the chosen indicator_ids."""
    cat = queries.catalogue(db)
    labels = dict(zip(cat["indicator_id"], cat["titel"], strict=True))
    _check_url(KEY_INDICATOREN, list(labels.values()), "indicator", FALLBACK_IGNORED)
    return st.sidebar.multiselect(
        "Indicatoren",
        list(labels),
        default=[indicator for indicator in default if indicator in labels],
        format_func=lambda indicator: labels[indicator],
        key=KEY_INDICATOREN,
        bind="query-params",
        placeholder="Kies indicatoren",
    )


def period_type_filter(allowed: Sequence[str] = ("jaar", "kwartaal")) -> str:
    """Render the choice between years and quarters; return 'jaar' or 'kwartaal'."""
    labels = {period_type: PERIOD_TYPE_LABELS[period_type] for period_type in allowed}
    _check_url(KEY_PERIODE_TYPE, list(labels.values()), "periodesoort")
    return st.sidebar.radio(
        "Perioden",
        list(labels),
        format_func=lambda period_type: labels[period_type],
        key=KEY_PERIODE_TYPE,
        bind="query-params",
        horizontal=True,
    )


def level_filter(default: str = "wijk") -> str:
    """Render the choice of area level to compare; return 'wijk', 'gemeente' or 'resv'."""
    options = list(LEVEL_LABELS)
    return bound_selectbox(
        "Vergelijk",
        options,
        LEVEL_LABELS,
        KEY_NIVEAU,
        "gebiedsniveau",
        index=options.index(default),
    )
