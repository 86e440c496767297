"""One thin module per dashboard page; each has TITLE and render()."""
