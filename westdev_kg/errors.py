"""One error vocabulary: every failure a user can meet is a :class:`WestdevError`.

Each subclass carries the process exit code the CLI uses; only the CLI exits.

====  ==========================================================
code  meaning
====  ==========================================================
0     success (warnings allowed)
1     the graph violates the SHACL shapes
2     bad input or usage
3     an optional tool is missing or gave no answer (Java, HermiT)
4     the ontology and the data are logically inconsistent
75    a temporary failure: try again (another build holds the
      release folder's lock; worker processes could not be started)
====  ==========================================================
"""

from __future__ import annotations


class WestdevError(Exception):
    """Base class: a one-line message a user can act on, and an exit code."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        # one line, whatever a library put into it (a parser's report may span many)
        message = " ".join(line.strip() for line in message.splitlines() if line.strip())
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(WestdevError):
    """The input cannot be processed (missing, empty, binary, undecodable, too large)."""

    exit_code = 2


class UsageError(WestdevError):
    """An option or argument has a value that cannot be used."""

    exit_code = 2


class ValidationFailed(WestdevError):
    """The graph does not conform to the shapes; ``report_dir`` holds the report."""

    exit_code = 1

    def __init__(self, message: str, violations: int = 0, report_dir: str | None = None) -> None:
        super().__init__(message)
        self.violations = violations
        self.report_dir = report_dir


class ToolMissing(WestdevError):
    """An optional tool (Java for the HermiT reasoner) is not available, or gave no answer."""

    exit_code = 3


class InconsistentOntology(WestdevError):
    """The reasoner found the ontology and the data logically inconsistent."""

    exit_code = 4


class TryAgain(WestdevError):
    """A temporary failure (``EX_TEMPFAIL``): another build holds the lock of the release folder,
    or the system refused to start worker processes.  Nothing was written; running the same
    command again later (or with ``--wait``, or fewer ``--jobs``) may succeed."""

    exit_code = 75


class LimitExceeded(WestdevError):
    """A document of a folder build went over its time or memory limit (the others go on)."""

    exit_code = 2


class BatchFailed(WestdevError):
    """Some documents of a folder failed; the others were built."""

    exit_code = 2

    def __init__(self, message: str, failures: dict[str, WestdevError]) -> None:
        super().__init__(message)
        self.failures = failures
        codes = {e.exit_code for e in failures.values()}
        # a single kind of failure keeps its own code; a mix reports bad input
        self.exit_code = codes.pop() if len(codes) == 1 else 2
