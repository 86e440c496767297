"""Entry script: opens the published database, sets up the navigation and the sidebar.

Run with ``streamlit run dashboard/app.py``. Without a published database it builds one from
``sample_data/``; a database from another pipeline version is refused with a clear message.
Each page lives in ``dashboard/views/`` (not ``pages/``: Streamlit would auto-discover that
folder next to this script and fight ``st.navigation``).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from types import ModuleType

# Imported here, before any page runs: Streamlit imports pandas lazily when it first sends a
# chart or table, and Altair uses pandas whenever it is in sys.modules. With many sessions
# starting at once, one script thread then met another's half-imported pandas ("partially
# initialized module 'pandas' has no attribute 'Timestamp'", found by the load test).
import pandas  # noqa: F401
import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repository root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from dashboard import db, present, queries  # noqa: E402
from dashboard.views import (  # noqa: E402
    getrapte_zorg,
    indicatoren,
    inzet,
    koppel_vergelijking,
    koppels,
    opnames,
    over_de_data,
    overzicht,
    trends,
    vergelijken,
    wijkprofiel,
)
from pipelines.published_schema import LINK_NAME, SCHEMA_VERSION  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"
APP_TITLE = "Populatieverantwoordelijkheid HA/SO"

#: Streamlit's own toolbar over each chart and table ("Show data", "Download as PNG", "Copy
#: Vega-Lite spec", "Download as CSV", "Search", "Fullscreen") speaks English and cannot be
#: translated; every chart has the Dutch PNG/SVG/CSV/Excel buttons under it instead.
HIDE_ELEMENT_TOOLBARS = '<style>[data-testid="stElementToolbar"] { display: none; }</style>'

st.set_page_config(page_title=APP_TITLE, layout="wide")
st.html(HIDE_ELEMENT_TOOLBARS)


def _login_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an ``[auth]`` section (see the README)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def _require_login() -> None:
    """With a login configured, only a logged-in user sees anything beyond the login button."""
    if not _login_configured():
        return
    if not getattr(st.user, "is_logged_in", False):
        st.title("Gemeenschappelijke populatieverantwoordelijkheid")
        st.write("Dit dashboard is alleen voor deelnemers van de regio. Log in om verder te gaan.")
        st.button("Inloggen", on_click=st.login, type="primary", key="inloggen")
        st.stop()
    st.sidebar.button("Uitloggen", on_click=st.logout, key="uitloggen")


def _open_database() -> str:
    """Return the real path of a usable database, building it from sample_data when missing;
    stop the script with a Dutch message when that is not possible."""
    path = db.database_path()
    try:
        if not Path(db.real_path(path)).is_file() and path.name == LINK_NAME:
            _build_sample(path.parent)
        return db.check_database(path, SCHEMA_VERSION)
    except db.DatabaseUnavailable as problem:
        st.title("Gemeenschappelijke populatieverantwoordelijkheid")
        st.error(str(problem), icon=":material/database_off:")
        st.stop()


def _build_sample(output_dir: Path) -> None:
    """Build the sample database, saying so on the page with the step under way and a
    progress bar (the first start takes up to half a minute)."""
    with st.status(
        "Eerste start: de voorbeelddatabase wordt gebouwd uit sample_data …", expanded=True
    ) as status:
        st.write(
            "Dit gebeurt eenmalig en duurt ongeveer een halve minuut. Daarna opent het overzicht."
        )
        bar = st.progress(0.0, text="Beginnen")

        def show(message: str) -> None:
            phase = db.build_phase(message)
            if phase is not None:
                bar.progress(phase[0], text=phase[1])

        db.build_from_sample_data(output_dir, progress=show)
        status.update(label="De voorbeelddatabase is gebouwd.", state="complete", expanded=False)


def _sidebar_footer(database: str) -> None:
    info = queries.build_info(database)
    peildatum = info.get("peildatum")
    lines = [
        "Peildatum onbekend"
        if peildatum is None
        else f"Gegevens tot en met {present.date_text(peildatum)}"
    ]
    if info.get("synthetisch"):
        lines.append("**Synthetische gegevens**, geen echte cliënten")
    st.sidebar.caption(" · ".join(lines))


@st.cache_resource(show_spinner=False)
def _freeze_long_lived_objects() -> bool:
    """Once per server process, after its first run: exempt every object alive now (the
    imported modules of Streamlit, polars, pandas, DuckDB, the app; the shared frames) from
    Python's cyclic garbage collector. Streamlit collects after every run (``gc.collect(2)``)
    and Python collects on its own while a run allocates; each full collection walked these
    ≈ 200.000 objects again (0,1–0,3 s on the shared 2 cores, holding the GIL that the other
    sessions' runs and the websocket need). Garbage is collected once before, so nothing that
    is freed later is kept."""
    gc.collect()
    gc.freeze()
    return True


def _page(view: ModuleType, **options) -> st.Page:
    """The page of a module in dashboard/views, at /<module name> unless `options` say
    otherwise. Pages are files (not functions) so that AppTest's switch_page can open them."""
    name = view.__name__.rpartition(".")[2]
    return st.Page(VIEWS / f"{name}.py", title=view.TITLE, **{"url_path": name, **options})


_require_login()
database = _open_database()
pages = [
    # Streamlit serves the default page at "/" only (its own url_path gives "page not found"),
    # so the Overzicht is registered twice: as the default page, and hidden at /overzicht for
    # links to that path. The default page's url_path must differ from the hidden one's.
    _page(overzicht, url_path="start", default=True),
    *map(
        _page,
        (
            wijkprofiel,
            vergelijken,
            trends,
            koppels,
            koppel_vergelijking,
            opnames,
            getrapte_zorg,
            inzet,
            indicatoren,
            over_de_data,
        ),
    ),
    _page(overzicht, visibility="hidden"),
]
page = st.navigation(pages)
page.run()
_sidebar_footer(database)
_freeze_long_lived_objects()
