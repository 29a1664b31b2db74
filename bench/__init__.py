"""Fawang's benchmarks (`make bench` → `python -m bench`). Each prints measured figures and a ratio to a
baseline measured in the same run on the same database; targets are printed as PASS/MISS and never
fail the build. See bench/__main__.py for how the database is made."""
