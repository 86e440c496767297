"""The README's two commands are the project's promise; CI must run exactly the test command."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fenced_commands(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S)]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _fenced_commands(readme)
    test_command = next(c for c in commands if c.endswith("pytest"))
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_start_command_runs_the_dashboard_entry_script():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = next(c for c in _fenced_commands(readme) if "streamlit run" in c)
    script = start.split("streamlit run", 1)[1].split()[0]
    assert (ROOT / script).is_file()
