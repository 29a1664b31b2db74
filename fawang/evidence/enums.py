"""Evidence preservation's log kind and error codes."""

ENTRY_KIND = "evidence"  # the kind of its log entries: "evidence\n<sha256 hex>" (fawang/ledger/entries.py)


class ErrorCode:
    NOT_ALLOWED = "evidence_not_allowed"  # only a signed-in citizen or enterprise account preserves files
    NO_FILE = "evidence_no_file"
    EMPTY_FILE = "evidence_empty_file"
    TOO_LARGE = "evidence_too_large"
    NOT_FOUND = "evidence_not_found"
