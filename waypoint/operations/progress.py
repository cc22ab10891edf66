"""Progress bars for long commands (a live bar on a terminal, periodic lines otherwise)."""

from __future__ import annotations

from typing import IO, Any

from tqdm import tqdm


class ProgressBar:
    def __init__(
        self, *, total: int | None, label: str, stream: IO[str], unit: str = "rows"
    ) -> None:
        self._bar: Any = tqdm(
            total=total,
            desc=label,
            unit=f" {unit}",
            file=stream,
            mininterval=0.5 if stream.isatty() else 5.0,
            dynamic_ncols=True,
            leave=True,
        )
        self._done = 0

    def update(self, done: int) -> None:
        """Report the running total (not the increment)."""
        if done > self._done:
            self._bar.update(done - self._done)
            self._done = done

    def advance(self, step: int = 1) -> None:
        self._bar.update(step)
        self._done += step

    def finish(self) -> None:
        self._bar.close()
