"""The indicator catalogue: every published indicator, described once.

Adding an indicator means one entry here plus its teller and noemer in
``sql/marts/indicator_counts.sql``; a test fails when either is missing. The dashboard's
definitions page, the README table and the exported definition slides are generated from this
catalogue (via the published ``indicator_catalogue`` table).

Methods (see ``pipelines/stats.py``):
- ``proportion``: teller ⊆ noemer; Wilson score interval; shown as %.
- ``rate``: events per 1,000 inhabitants 75+ per year; exact Poisson below 10 events, Byar from
  10; a quarter is annualised by its share of the year.
- ``none``: a volume without a confidence interval (direct time).
- ``median``: the median of a distribution (waiting days), no interval; the teller is empty,
  the noemer counts the events (admissions, requests) behind the median.
"""

from __future__ import annotations

from dataclasses import dataclass

PER_1000 = "per 1.000"
PROCENT = "%"


@dataclass(frozen=True)
class Indicator:
    id: str
    titel: str
    definitie: str
    teller_definitie: str
    noemer_definitie: str
    eenheid: str
    methode: str  # proportion | rate | none | median
    polariteit: str  # hoger_beter | lager_beter | geen_oordeel
    bronnen: tuple[str, ...]
    waarom: str
    kwartalen: bool  # also published per quarter
    telt_in: str = "wijk van de cliënt"
    decimalen: int = 1

    @property
    def multiplier(self) -> float:
        """Factor from teller/noemer to the published value (1 for medians)."""
        return {"proportion": 100.0, "rate": 1000.0, "none": 1000.0, "median": 1.0}[self.methode]

    @property
    def gestandaardiseerd(self) -> bool:
        """Also published as a directly age-sex standardised rate (``std_*`` columns)."""
        return self.id in STANDARDISED

    @property
    def periode_types(self) -> tuple[str, ...]:
        return ("jaar", "kwartaal") if self.kwartalen else ("jaar",)


METHODS = ("proportion", "rate", "none", "median")
#: Rates whose events carry age class and sex: also published directly standardised to the
#: European Standard Population 2013 (pipelines/stats.py). so_directe_tijd is a volume of hours
#: without an interval (method ``none``): Dobson's limits do not apply, so it is left out.
STANDARDISED = ("so_bereik", "so_consulten", "zorgtraject_clienten", "wlz_opnames", "elv_opnames")
POLARITIES = ("hoger_beter", "lager_beter", "geen_oordeel")

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="so_bereik",
        titel="Bereik SO in de eerste lijn",
        definitie=(
            "Het aantal verschillende cliënten van 75 jaar en ouder dat in de periode minstens "
            "één contact had met het SO-team buiten het verpleeghuis, per 1.000 inwoners van "
            "75 jaar en ouder."
        ),
        teller_definitie="Unieke cliënten 75+ met ten minste één SO-contact in de periode",
        noemer_definitie="Inwoners 75+ op 1 januari",
        eenheid=PER_1000,
        methode="rate",
        polariteit="hoger_beter",
        bronnen=("so_consulten", "bevolking"),
        waarom=(
            "Laat zien of de specialist ouderengeneeskunde de kwetsbare ouderen thuis bereikt: "
            "de kern van gedeelde verantwoordelijkheid van huisarts en SO voor de populatie."
        ),
        kwartalen=False,
    ),
    Indicator(
        id="so_consulten",
        titel="SO-contacten",
        definitie=(
            "Het aantal contacten (prestatieregels) van het SO-team met of over thuiswonende "
            "cliënten van 75 jaar en ouder, per 1.000 inwoners van 75 jaar en ouder per jaar."
        ),
        teller_definitie="SO-contacten van cliënten 75+",
        noemer_definitie="Inwoners 75+ op 1 januari",
        eenheid=PER_1000,
        methode="rate",
        polariteit="geen_oordeel",
        bronnen=("so_consulten", "bevolking"),
        waarom=(
            "Geeft de omvang van de inzet van het SO-team in de wijk; samen met het bereik "
            "laat het zien hoe intensief cliënten worden gevolgd."
        ),
        kwartalen=True,
    ),
    Indicator(
        id="so_directe_tijd",
        titel="Directe tijd SO-team",
        definitie=(
            "De som van de directe tijd van SO-contacten met cliënten van 75 jaar en ouder, in "
            "uren per 1.000 inwoners van 75 jaar en ouder per jaar. Zonder betrouwbaarheids"
            "interval: tijd is geen telling van gebeurtenissen."
        ),
        teller_definitie="Directe tijd (uren) van SO-contacten van cliënten 75+",
        noemer_definitie="Inwoners 75+ op 1 januari",
        eenheid="uren per 1.000",
        methode="none",
        polariteit="geen_oordeel",
        bronnen=("so_consulten", "bevolking"),
        waarom="Maakt zichtbaar hoeveel SO-capaciteit de eerste lijn in de wijk krijgt.",
        kwartalen=False,
    ),
    Indicator(
        id="koppeldekking",
        titel="Dekking vaste HA/SO-koppels",
        definitie=(
            "Het aandeel van de ingeschreven patiënten van 75 jaar en ouder dat staat "
            "ingeschreven bij een huisartsenpraktijk met een actief vast koppel met een SO op "
            "1 juli van het jaar."
        ),
        teller_definitie="Ingeschreven 75+ in praktijken met een actief koppel op 1 juli",
        noemer_definitie="Alle ingeschreven 75+ op 1 juli",
        eenheid=PROCENT,
        methode="proportion",
        polariteit="hoger_beter",
        bronnen=("koppels", "praktijken"),
        waarom=(
            "Een vast koppel van huisarts en SO is de basis van gezamenlijke zorg: vaste "
            "gezichten, korte lijnen en gedeelde afspraken over kwetsbare ouderen."
        ),
        kwartalen=False,
        telt_in="wijk van de huisartsenpraktijk",
    ),
    Indicator(
        id="consulten_binnen_koppel",
        titel="Contacten binnen vast koppel",
        definitie=(
            "Het aandeel van de SO-contacten met cliënten van 75 jaar en ouder dat plaatsvond "
            "binnen een vast koppel: de SO en de huisartsenpraktijk van de cliënt vormden op de "
            "dag van het contact een actief koppel."
        ),
        teller_definitie="SO-contacten (75+) binnen een actief koppel",
        noemer_definitie="Alle SO-contacten (75+)",
        eenheid=PROCENT,
        methode="proportion",
        polariteit="hoger_beter",
        bronnen=("so_consulten", "koppels"),
        waarom="Laat zien of de vaste koppels in de praktijk ook het werk dragen.",
        kwartalen=True,
    ),
    Indicator(
        id="zorgtraject_clienten",
        titel="Cliënten met zorgtraject kwetsbare patiënten",
        definitie=(
            "Het aantal verschillende cliënten van 75 jaar en ouder met een zorgtraject "
            "kwetsbare patiënten dat op enige dag van de periode actief was, per 1.000 "
            "inwoners van 75 jaar en ouder. Een zorgtraject duurt 3 maanden na de start en "
            "wordt met elke vervolgprestatie een maand verlengd."
        ),
        teller_definitie="Unieke cliënten 75+ met een actief zorgtraject in de periode",
        noemer_definitie="Inwoners 75+ op 1 januari",
        eenheid=PER_1000,
        methode="rate",
        polariteit="geen_oordeel",
        bronnen=("so_consulten", "bevolking"),
        waarom=(
            "Zorgtrajecten zijn de gestructureerde vorm van gezamenlijke behandeling van "
            "kwetsbare ouderen thuis door huisarts en SO."
        ),
        kwartalen=False,
    ),
    Indicator(
        id="inzet_vs_pa",
        titel="Contacten door VS of PA",
        definitie=(
            "Het aandeel van de SO-contacten met cliënten van 75 jaar en ouder dat is "
            "uitgevoerd door een verpleegkundig specialist (VS) of physician assistant (PA) "
            "onder verantwoordelijkheid van de SO."
        ),
        teller_definitie="SO-contacten (75+) uitgevoerd door een VS of PA",
        noemer_definitie="Alle SO-contacten (75+)",
        eenheid=PROCENT,
        methode="proportion",
        polariteit="geen_oordeel",
        bronnen=("so_consulten",),
        waarom=(
            "Taakherschikking naar VS en PA vergroot de capaciteit van het SO-team; het aandeel "
            "laat zien hoe het team is samengesteld."
        ),
        kwartalen=True,
    ),
    Indicator(
        id="wlz_opnames",
        titel="Opnames verpleeghuis (Wlz)",
        definitie=(
            "Het aantal opnames voor langdurig verblijf in een verpleeghuis (Wlz) van cliënten "
            "van 75 jaar en ouder, per 1.000 inwoners van 75 jaar en ouder per jaar."
        ),
        teller_definitie="Wlz-verblijfsopnames van cliënten 75+",
        noemer_definitie="Inwoners 75+ op 1 januari",
        eenheid=PER_1000,
        methode="rate",
        polariteit="geen_oordeel",
        bronnen=("opnames", "bevolking"),
        waarom=(
            "Het aantal opnames zegt iets over de druk op de verpleeghuiszorg en over hoe lang "
            "ouderen met steun van huisarts en SO thuis kunnen blijven."
        ),
        kwartalen=True,
    ),
    Indicator(
        id="crisisopnames",
        titel="Crisisopnames",
        definitie=(
            "Het aandeel van de Wlz-verblijfsopnames van cliënten van 75 jaar en ouder dat een "
            "crisisopname was."
        ),
        teller_definitie="Wlz-verblijfsopnames (75+) met crisis",
        noemer_definitie="Alle Wlz-verblijfsopnames (75+)",
        eenheid=PROCENT,
        methode="proportion",
        polariteit="lager_beter",
        bronnen=("opnames",),
        waarom=(
            "Een crisisopname is vaak een teken dat de situatie thuis niet tijdig in beeld was; "
            "vroege betrokkenheid van de SO moet dit aandeel verlagen."
        ),
        kwartalen=True,
    ),
    Indicator(
        id="so_voor_opname",
        titel="SO betrokken vóór opname",
        definitie=(
            "Het aandeel van de Wlz-verblijfsopnames van thuiswonende cliënten van 75 jaar en "
            "ouder waarbij de cliënt in de 365 dagen vóór de opnamedatum ten minste één contact "
            "met het SO-team had."
        ),
        teller_definitie=(
            "Wlz-verblijfsopnames (75+) vanuit thuis met een SO-contact in de 365 dagen ervoor"
        ),
        noemer_definitie="Alle Wlz-verblijfsopnames (75+) vanuit thuis",
        eenheid=PROCENT,
        methode="proportion",
        polariteit="hoger_beter",
        bronnen=("opnames", "so_consulten"),
        waarom=(
            "Als de SO de cliënt al kent vóór de opname, kan de overgang naar het verpleeghuis "
            "worden voorbereid in plaats van overkomen."
        ),
        kwartalen=False,
    ),
    Indicator(
        id="crisis_zonder_so",
        titel="Crisisopnames zonder SO-contact",
        definitie=(
            "Het aandeel van de crisisopnames voor langdurig verblijf in een verpleeghuis (Wlz) "
            "van cliënten van 75 jaar en ouder waarbij de cliënt in de 365 dagen vóór de "
            "opnamedatum geen enkel contact met het SO-team had, wat de herkomst ook was."
        ),
        teller_definitie=("Wlz-crisisopnames (75+) zonder SO-contact in de 365 dagen ervoor"),
        noemer_definitie="Alle Wlz-crisisopnames (75+)",
        eenheid=PROCENT,
        methode="proportion",
        polariteit="lager_beter",
        bronnen=("opnames", "so_consulten"),
        waarom=(
            "Een crisisopname van iemand die het SO-team nooit zag, is het lek in de getrapte "
            "zorg: de situatie escaleerde zonder dat de specialist ouderengeneeskunde erbij was."
        ),
        kwartalen=True,
    ),
    Indicator(
        id="elv_opnames",
        titel="Eerstelijnsverblijf",
        definitie=(
            "Het aantal opnames in een eerstelijnsverblijf (ELV laag, hoog of palliatief) van "
            "cliënten van 75 jaar en ouder, per 1.000 inwoners van 75 jaar en ouder per jaar."
        ),
        teller_definitie="ELV-opnames (laag, hoog, palliatief) van cliënten 75+",
        noemer_definitie="Inwoners 75+ op 1 januari",
        eenheid=PER_1000,
        methode="rate",
        polariteit="geen_oordeel",
        bronnen=("opnames", "bevolking"),
        waarom=(
            "ELV is de tijdelijke opvang die de huisarts inzet als het thuis even niet gaat; "
            "het gebruik laat zien hoe de keten rond de eerste lijn werkt."
        ),
        kwartalen=True,
    ),
    Indicator(
        id="opname_via_ziekenhuis",
        titel="Opname via ziekenhuis",
        definitie=(
            "Het aandeel van de Wlz-verblijfs- en ELV-opnames van cliënten van 75 jaar en ouder "
            "waarbij de cliënt vanuit het ziekenhuis kwam."
        ),
        teller_definitie="Wlz- en ELV-opnames (75+) met herkomst ziekenhuis",
        noemer_definitie="Alle Wlz- en ELV-opnames (75+)",
        eenheid=PROCENT,
        methode="proportion",
        polariteit="lager_beter",
        bronnen=("opnames",),
        waarom=(
            "Een opname via het ziekenhuis wijst vaak op een acute verslechtering die thuis niet "
            "werd opgevangen."
        ),
        kwartalen=True,
    ),
    Indicator(
        id="wachttijd_opname",
        titel="Wachttijd tot opname",
        definitie=(
            "De mediane wachttijd in dagen van het indicatiebesluit van het CIZ tot de opname, "
            "voor niet-crisis Wlz-verblijfsopnames van cliënten van 75 jaar en ouder met een "
            "bekende indicatiedatum."
        ),
        teller_definitie="Mediane wachttijd (dagen) van indicatie tot opname",
        noemer_definitie="Niet-crisis Wlz-verblijfsopnames (75+) met indicatiedatum",
        eenheid="dagen",
        methode="median",
        polariteit="lager_beter",
        bronnen=("opnames",),
        waarom=(
            "Lang wachten op een verpleeghuisplaats vraagt extra zorg thuis van huisarts en SO; "
            "de wachttijd laat zien hoeveel overbrugging nodig is."
        ),
        kwartalen=False,
        decimalen=0,
    ),
    Indicator(
        id="dagen_tot_so_contact",
        titel="Dagen tot eerste SO-contact",
        definitie=(
            "Het mediane aantal dagen van de aanvraag van de huisarts bij het SO-team "
            "(aanvraagdatum) tot het eerste contact, voor aanvragen voor cliënten van 75 jaar "
            "en ouder. Een aanvraag is één cliënt met één aanvraagdatum; het eerste contact is "
            "het vroegste contact van die cliënt met die aanvraagdatum, en bepaalt de periode "
            "en de wijk. Alleen als de levering de aanvraagdatum noemt."
        ),
        teller_definitie="Mediaan aantal dagen van aanvraag tot eerste SO-contact",
        noemer_definitie="Aanvragen bij het SO-team (cliënten 75+), eerste contact in de periode",
        eenheid="dagen",
        methode="median",
        polariteit="lager_beter",
        bronnen=("so_consulten",),
        waarom=(
            "Hoe snel het SO-team er is als de huisarts erom vraagt, is de bereikbaarheid van "
            "de gezamenlijke zorg: bij een vast koppel horen korte lijnen."
        ),
        kwartalen=True,
        decimalen=0,
    ),
)

INDICATORS_BY_ID = {indicator.id: indicator for indicator in INDICATORS}


def markdown_table() -> str:
    """Return the README's indicator table (Markdown), one row per indicator in catalogue order."""
    header = (
        "| id | indicator | teller | noemer | eenheid | methode | polariteit |\n"
        "|---|---|---|---|---|---|---|\n"
    )
    rows = [
        f"| `{i.id}` | {i.titel}{' (ook per kwartaal)' if i.kwartalen else ''} "
        f"| {i.teller_definitie} | {i.noemer_definitie} | {i.eenheid} | {i.methode} "
        f"| {i.polariteit} |"
        for i in INDICATORS
    ]
    return header + "\n".join(rows) + "\n"
