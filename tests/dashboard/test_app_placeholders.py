"""Every choice box in the sidebar speaks Dutch, also when it is empty: Streamlit's own
placeholders ("Choose an option", "Choose options") never show."""

from __future__ import annotations


def test_every_selectbox_and_multiselect_has_a_dutch_placeholder(open_page):
    boxes = []
    for page in (None, "vergelijken", "trends"):
        at = open_page(page)
        boxes += [(box.label, box.proto.placeholder) for box in at.selectbox]
        boxes += [(box.label, box.proto.placeholder) for box in at.multiselect]
    labels = {label for label, _ in boxes}
    assert {"RESV", "Gemeente", "Wijk", "Jaar"} <= labels
    assert "Indicatoren" in labels  # the multiselect of the trends page
    for label, placeholder in boxes:
        assert placeholder.startswith("Kies "), (label, placeholder)
