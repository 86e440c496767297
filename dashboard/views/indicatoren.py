"""Indicatoren: the catalogue, generated from the published indicator_catalogue."""

from __future__ import annotations

import streamlit as st

from dashboard import format as fmt
from dashboard import queries
from dashboard.reports import gecorrigeerd
from dashboard.views import _common as common

TITLE = "Indicatoren"
METHOD_LABELS = {
    "rate": "Aantal per 1.000 inwoners van 75 jaar en ouder per jaar, met een exact Poisson- "
    "of Byar-interval",
    "proportion": "Percentage met een Wilson-interval",
    "median": "Mediaan, zonder interval",
    "none": "Som, zonder interval",
}


def render() -> None:
    """Render the Indicatoren page."""
    st.title(TITLE)
    catalogue = queries.catalogue(common.database())
    st.caption(
        f"{catalogue.height} indicatoren. Elk cijfer wordt vergeleken met de referentie: een "
        "wijk of gemeente met haar RESV, een RESV met de hele regio."
    )
    with st.expander(f"Methode: {gecorrigeerd.LABEL.lower()}", expanded=False):
        st.markdown(gecorrigeerd.METHOD)
    for row in catalogue.to_dicts():
        polariteit = fmt.label_for(fmt.POLARITY_LABELS, row["polariteit"])
        with st.expander(row["titel"], expanded=False):
            st.markdown(row["definitie"])
            st.markdown(
                "\n".join(
                    [
                        f"- **Teller:** {row['teller_definitie']}",
                        f"- **Noemer:** {row['noemer_definitie']}",
                        f"- **Eenheid:** {row['eenheid']}",
                        f"- **Methode:** {METHOD_LABELS.get(row['methode'], row['methode'])}",
                        f"- **Polariteit:** {polariteit}",
                        f"- **Perioden:** {row['periode_types']}",
                        f"- **Telt in:** {row['telt_in']}",
                        f"- **Bronnen:** {row['bronnen']}",
                    ]
                )
            )
            st.markdown(f"**Waarom dit ertoe doet:** {row['waarom']}")


if __name__ == "__main__":
    render()
