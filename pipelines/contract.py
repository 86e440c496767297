"""The data contract as data: the tables a partner delivery holds, their columns and rules.

This module is the single source of the input format (see ../shared/DATA_CONTRACT.md). The
reader, the validation, the generated docs (`docs/input_format.md`) and the synthetic data
generator all read it; nothing else restates a column, a type or a code list.

Rule vocabulary
---------------
Column rules (checked per value, after trimming; an empty string is "empty"):
- ``type``: ``integer``, ``decimal`` (a point, or with ``;`` as delimiter a comma),
  ``text``, ``date`` (``YYYY-MM-DD`` or ``DD-MM-YYYY``), ``boolean``
  (``true/false``, ``ja/nee``, ``1/0``, ``j/n``, any case).
- ``required``: the column must be present in the file; ``nullable``: a value may be empty.
- ``codes``: the value must be one of these, compared after trimming and ignoring case; the
  loaded value is the code list's own spelling (``9bvv`` loads as ``9bVV``).
- ``pattern``: a regular expression the whole value must match.
- ``minimum`` / ``maximum``: bounds for integers and decimals.
- ``not_future`` / ``not_before``: bounds for dates.

Row rules (``RowRule``) compare columns of one row; ``ForeignKey`` rules look a value up in a
table loaded earlier in ``LOAD_ORDER``; ``key`` columns must be unique (first row wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LEEFTIJDSKLASSEN = ("65-74", "75-79", "80-84", "85-89", "90+")
LEEFTIJDSKLASSEN_75PLUS = ("75-79", "80-84", "85-89", "90+")
GESLACHTEN = ("M", "V")
DISCIPLINES = ("SO", "VS", "PA", "BASISARTS")
FINANCIERINGEN = ("ZVW_GZSP", "WLZ")
PRESTATIES = ("CONSULT", "ZORGTRAJECT_START", "ZORGTRAJECT_VERVOLG", "MDO", "BEHANDELING")
CONTACTVORMEN = ("THUIS", "SPREEKUUR", "TELEFONISCH", "VIDEO", "MDO_ZONDER_CLIENT")
HULPVRAGEN = (
    "DEMENTIE_DIAGNOSTIEK",
    "PROBLEEMGEDRAG",
    "POLYFARMACIE",
    "ACP_PALLIATIEF",
    "MOBILITEIT_VALLEN",
    "MULTIMORBIDITEIT",
    "OVERIG",
)
OPNAME_TYPES = ("WLZ_VERBLIJF", "ELV_LAAG", "ELV_HOOG", "ELV_PALLIATIEF", "GRZ")
ELV_TYPES = ("ELV_LAAG", "ELV_HOOG", "ELV_PALLIATIEF")
ZORGPROFIELEN = ("4VV", "5VV", "6VV", "7VV", "8VV", "9bVV")
HERKOMSTEN = ("THUIS", "ZIEKENHUIS", "ELV", "GRZ", "OVERIG")
#: CBS' stedelijkheid of an area, by its address density: 1 zeer sterk stedelijk (≥ 2.500
#: addresses per km²) … 5 niet stedelijk (< 500).
STEDELIJKHEID = (1, 5)
#: CBS' SES-WOA score (welvaart, opleiding, arbeid; table 85900NED, "gemiddelde score"): the
#: mean over the area's households of a score around 0; wijk means lie between about −1 and
#: +0,8. A value outside −3 … 3 is no SES-WOA mean (a percentile or a rank mistaken for one).
SES_SCORE = (-3.0, 3.0)

EARLIEST_DATE = date(2015, 1, 1)

TRUE_WORDS = ("TRUE", "JA", "1", "J")
FALSE_WORDS = ("FALSE", "NEE", "0", "N")

#: Column names that identify a person directly. A delivery with any of them is refused whole.
#: Compared after lower-casing and removing spaces, underscores and hyphens.
IDENTIFYING_COLUMNS = (
    "bsn",
    "burgerservicenummer",
    "naam",
    "achternaam",
    "voornaam",
    "voorletters",
    "name",
    "adres",
    "address",
    "straat",
    "straatnaam",
    "huisnummer",
    "postcode",
    "postcode6",
    "pc6",
    "geboortedatum",
    "dateofbirth",
    "birthdate",
    "telefoon",
    "telefoonnummer",
    "phone",
    "email",
    "emailadres",
    "mail",
)

#: Columns whose values are checked for BSN-like numbers (9 digits passing the elfproef).
PSEUDONYM_COLUMNS = ("client_id", "praktijk_id", "so_id", "uitvoerder_id")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer | decimal | text | date | boolean
    description: str = ""
    required: bool = True
    nullable: bool = False
    codes: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    not_future: bool = False
    not_before: date | None = None


@dataclass(frozen=True)
class RowRule:
    """A rule over several columns of one row, written as a DuckDB boolean expression over the
    typed columns that must hold; NULLs make the expression pass unless it says otherwise."""

    name: str  # reason code written to quarantine
    column: str  # the column the quarantine row names
    expression: str
    description: str


@dataclass(frozen=True)
class ForeignKey:
    name: str  # reason code
    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = True
    row_rules: tuple[RowRule, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(col.name for col in self.columns)


def _wijk_code(description: str = "wijk code (CBS)") -> Column:
    return Column("wijk_code", "text", description, pattern=r"WK[0-9A-Z]{6}")


def _leeftijdsklasse() -> Column:
    return Column("leeftijdsklasse", "text", "age band", codes=LEEFTIJDSKLASSEN)


def _geslacht() -> Column:
    return Column("geslacht", "text", "sex", codes=GESLACHTEN)


GEBIEDEN = Table(
    name="gebieden",
    description="Geography: wijken with their gemeente and RESV, per boundary year.",
    grain="one row per jaar × wijk_code",
    columns=(
        Column("jaar", "integer", "boundary year (CBS indeling)", minimum=2000, maximum=2100),
        _wijk_code(),
        Column("wijk_naam", "text", "name of the wijk"),
        Column("gemeente_code", "text", "CBS gemeente code", pattern=r"GM[0-9]{4}"),
        Column("gemeente_naam", "text", "name of the gemeente"),
        Column("resv_code", "text", "regional first-line collaboration (RESV)"),
        Column("resv_naam", "text", "name of the RESV"),
        Column(
            "stedelijkheid",
            "integer",
            "CBS stedelijkheid: 1 zeer sterk stedelijk (≥ 2,500 addresses/km²), 2 sterk, "
            "3 matig, 4 weinig, 5 niet stedelijk (< 500); used to find similar areas",
            required=False,
            nullable=True,
            minimum=STEDELIJKHEID[0],
            maximum=STEDELIJKHEID[1],
        ),
        Column(
            "ses_score",
            "decimal",
            "CBS SES-WOA score, the mean over the wijk's households (table 85900NED; wijk "
            "means lie between about −1 and +0.8); used to find similar areas",
            required=False,
            nullable=True,
            minimum=SES_SCORE[0],
            maximum=SES_SCORE[1],
        ),
    ),
    key=("jaar", "wijk_code"),
    row_rules=(
        RowRule(
            "gemeente_past_niet_bij_wijk",
            "gemeente_code",
            "gemeente_code = 'GM' || substr(wijk_code, 3, 4)",
            "gemeente_code equals 'GM' + characters 3–6 of wijk_code",
        ),
    ),
)

BEVOLKING = Table(
    name="bevolking",
    description="Population noemers: inhabitants on 1 January.",
    grain="one row per jaar × wijk_code × leeftijdsklasse × geslacht",
    columns=(
        Column("jaar", "integer", "year (population on 1 January)", minimum=2000, maximum=2100),
        _wijk_code(),
        _leeftijdsklasse(),
        _geslacht(),
        Column("inwoners", "integer", "inhabitants (CBS rounds to multiples of 5)", minimum=0),
    ),
    key=("jaar", "wijk_code", "leeftijdsklasse", "geslacht"),
    foreign_keys=(
        ForeignKey(
            "onbekende_wijk",
            ("jaar", "wijk_code"),
            "gebieden",
            ("jaar", "wijk_code"),
            "wijk_code exists in gebieden for that jaar",
        ),
    ),
)

PRAKTIJKEN = Table(
    name="praktijken",
    description="GP practices with their listed patients aged 75+.",
    grain="one row per jaar × praktijk_id",
    columns=(
        Column("jaar", "integer", "year", minimum=2000, maximum=2100),
        Column("praktijk_id", "text", "pseudonym of the practice"),
        _wijk_code("wijk where the practice is located"),
        Column("ingeschreven_75plus", "integer", "listed patients 75+ on 1 July", minimum=0),
    ),
    key=("jaar", "praktijk_id"),
    foreign_keys=(
        ForeignKey(
            "onbekende_wijk",
            ("wijk_code",),
            "gebieden",
            ("wijk_code",),
            "wijk_code exists in gebieden",
        ),
    ),
)

KOPPELS = Table(
    name="koppels",
    description="Fixed GP/SO pairs: one practice and one SO who work together.",
    grain="one row per koppel",
    columns=(
        Column("koppel_id", "text", "identifier of the koppel"),
        Column("praktijk_id", "text", "pseudonym of the practice"),
        Column("so_id", "text", "pseudonym of the SO"),
        Column("so_organisatie", "text", "VVT organisation that employs the SO"),
        Column("startdatum", "date", "start of the koppel", not_before=EARLIEST_DATE),
        Column("einddatum", "date", "end of the koppel; empty = still active", nullable=True),
        Column("werkt_in_his", "boolean", "the SO works in the GP's information system"),
        Column("vast_overleg", "boolean", "fixed consultation moments agreed"),
    ),
    key=("koppel_id",),
    row_rules=(
        RowRule(
            "einddatum_voor_startdatum",
            "einddatum",
            "einddatum is null or einddatum >= startdatum",
            "einddatum ≥ startdatum",
        ),
    ),
    foreign_keys=(
        ForeignKey(
            "onbekende_praktijk",
            ("praktijk_id",),
            "praktijken",
            ("praktijk_id",),
            "praktijk_id exists in praktijken",
        ),
    ),
)

SO_CONSULTEN = Table(
    name="so_consulten",
    description="SO care outside the nursing home: one row per contact (prestatie line).",
    grain="one row per consult_id",
    columns=(
        Column("consult_id", "text", "identifier of the contact"),
        Column("client_id", "text", "pseudonym of the client"),
        Column("datum", "date", "date of the contact", not_future=True, not_before=EARLIEST_DATE),
        _wijk_code("the client's wijk of residence"),
        _leeftijdsklasse(),
        _geslacht(),
        Column("praktijk_id", "text", "the client's GP practice"),
        Column("so_id", "text", "the responsible SO (also when a VS or PA did the contact)"),
        Column("uitvoerder_discipline", "text", "who did the contact", codes=DISCIPLINES),
        Column("financiering", "text", "funding", codes=FINANCIERINGEN),
        Column("prestatie", "text", "kind of prestatie", codes=PRESTATIES),
        Column("contactvorm", "text", "form of the contact", codes=CONTACTVORMEN),
        Column("hulpvraag", "text", "main question for the SO", codes=HULPVRAGEN),
        Column("directe_tijd_min", "integer", "direct time in minutes", minimum=0, maximum=480),
        Column(
            "aanvraagdatum",
            "date",
            "the day the GP asked the SO team for this care (optional; ≤ datum)",
            required=False,
            nullable=True,
            not_future=True,
            not_before=EARLIEST_DATE,
        ),
    ),
    key=("consult_id",),
    row_rules=(
        RowRule(
            "aanvraag_na_contact",
            "aanvraagdatum",
            "aanvraagdatum is null or aanvraagdatum <= datum",
            "aanvraagdatum ≤ datum",
        ),
    ),
    foreign_keys=(
        ForeignKey(
            "onbekende_wijk",
            ("wijk_code",),
            "gebieden",
            ("wijk_code",),
            "wijk_code exists in gebieden",
        ),
    ),
)

OPNAMES = Table(
    name="opnames",
    description="Admissions (Wlz nursing home, ELV short stay, GRZ) of clients of the region.",
    grain="one row per opname_id",
    columns=(
        Column("opname_id", "text", "identifier of the admission"),
        Column("client_id", "text", "pseudonym of the client (same key space as so_consulten)"),
        Column("opnamedatum", "date", "date of admission", not_future=True),
        Column("ontslagdatum", "date", "date of discharge; empty = still admitted", nullable=True),
        _wijk_code("wijk of residence before admission"),
        _leeftijdsklasse(),
        _geslacht(),
        Column("opname_type", "text", "kind of admission", codes=OPNAME_TYPES),
        Column("crisis", "boolean", "crisis admission (only WLZ_VERBLIJF)"),
        Column(
            "zorgprofiel",
            "text",
            "Wlz care profile; required for WLZ_VERBLIJF, empty otherwise",
            nullable=True,
            codes=ZORGPROFIELEN,
        ),
        Column("herkomst", "text", "where the client came from", codes=HERKOMSTEN),
        Column("indicatiedatum", "date", "date of the CIZ decision", nullable=True),
        Column(
            "praktijk_id",
            "text",
            "the client's GP practice at admission (optional; must exist in praktijken)",
            required=False,
            nullable=True,
        ),
    ),
    key=("opname_id",),
    row_rules=(
        RowRule(
            "ontslag_voor_opname",
            "ontslagdatum",
            "ontslagdatum is null or ontslagdatum >= opnamedatum",
            "ontslagdatum ≥ opnamedatum",
        ),
        RowRule(
            "crisis_niet_wlz",
            "crisis",
            "not crisis or opname_type = 'WLZ_VERBLIJF'",
            "only WLZ_VERBLIJF can be a crisis admission",
        ),
        RowRule(
            "zorgprofiel_ontbreekt",
            "zorgprofiel",
            "opname_type <> 'WLZ_VERBLIJF' or zorgprofiel is not null",
            "zorgprofiel is required for WLZ_VERBLIJF",
        ),
        RowRule(
            "zorgprofiel_niet_wlz",
            "zorgprofiel",
            "opname_type = 'WLZ_VERBLIJF' or zorgprofiel is null",
            "zorgprofiel is empty for other admissions",
        ),
        RowRule(
            "indicatie_na_opname",
            "indicatiedatum",
            "indicatiedatum is null or indicatiedatum <= opnamedatum",
            "indicatiedatum ≤ opnamedatum",
        ),
    ),
    foreign_keys=(
        ForeignKey(
            "onbekende_wijk",
            ("wijk_code",),
            "gebieden",
            ("wijk_code",),
            "wijk_code exists in gebieden",
        ),
        ForeignKey(
            "onbekende_praktijk",
            ("praktijk_id",),
            "praktijken",
            ("praktijk_id",),
            "praktijk_id exists in praktijken",
        ),
    ),
)

#: Tables in the order they are validated: a foreign key points only to a table loaded earlier.
TABLES: tuple[Table, ...] = (GEBIEDEN, BEVOLKING, PRAKTIJKEN, KOPPELS, SO_CONSULTEN, OPNAMES)
TABLES_BY_NAME = {table.name: table for table in TABLES}
LOAD_ORDER = tuple(table.name for table in TABLES)

#: File formats, by extension, in the order they are looked for.
FILE_EXTENSIONS = (".csv", ".parquet", ".xlsx")
GEOJSON_FILE = "gebieden.geojson"
#: The optional wijk map, looked for in this order: GeoJSON (RFC 7946 or with the old ``crs``
#: member) or GeoPackage, in RD New (EPSG:28992) or WGS84.
GEOMETRY_FILES = (GEOJSON_FILE, "gebieden.gpkg")
#: Properties that may hold the wijk code (case-insensitive): the contract's own, and those of
#: CBS' wijk- en buurtkaart (WK_CODE, wijkcode) and gebiedsindelingen (statcode).
GEOJSON_CODE_PROPERTIES = ("wijk_code", "WK_CODE", "wijkcode", "statcode")

#: Default share of a file's rows that may be quarantined before the build is refused.
DEFAULT_MAX_QUARANTINE_SHARE = 0.05
