"""Exports of the dashboard's charts: PNG, SVG, CSV, XLSX and a PowerPoint deck.

- `meta`: `ExportMeta` (title, selection, footnote, file name) and `Bron` (the build).
- `images`: `export_png`, `export_svg` (16:9, same theme and locale as the screen).
- `tables`: `export_csv`, `export_xlsx` (the data behind a chart, Dutch format, suppressed
  numbers emptied).
- `deck`: `ChartExport`, `build_deck` (the "Rapport als PowerPoint").
- `buttons`: the Streamlit download buttons a page calls under a chart (imports Streamlit, so
  it is not imported here).
- `python -m dashboard.export`: the same exports for a whole area from the command line.
"""
