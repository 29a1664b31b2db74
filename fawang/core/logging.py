import logging
import re

from .identity import mask_mobile, mask_resident_id

_ID = re.compile(r"(?<!\d)(\d{17}[\dXx])(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def mask_text(text: str) -> str:
    text = _ID.sub(lambda m: mask_resident_id(m.group(1)), text)
    return _MOBILE.sub(lambda m: mask_mobile(m.group(1)), text)


class MaskPersonalDataFilter(logging.Filter):
    """Last line of defence: whatever a log line contains, ID and mobile numbers leave it masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
