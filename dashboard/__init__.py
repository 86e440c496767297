"""The Streamlit dashboard; it reads only the published database."""
