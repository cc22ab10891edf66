"""Run the benchmarks: every benchmarks/bench_*.py, or those named on the command line.

.venv/bin/python benchmarks/run.py                       # all, default sizes
.venv/bin/python benchmarks/run.py exchange_import -- --rows 20000
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names, extra = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [script for script in scripts if script.stem.removeprefix("bench_") in names]
    status = 0
    for script in scripts:
        print(f"== {script.stem.removeprefix('bench_')}", flush=True)
        status |= subprocess.call([sys.executable, str(script), *extra])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
