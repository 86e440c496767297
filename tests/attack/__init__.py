"""An attacker with only published ``dashboard.duckdb`` files (issue 14), independent of the
pipeline's disclosure code: ``model`` reads releases into cells and relations, ``solve``
bounds every unknown count by linear programming, ``findings`` judges the bounds against the
warehouse's true values, ``report`` and ``python -m tests.attack`` print them. The tests are
in tests/pipelines/test_attack.py."""
