"""Whatever a log line contains, the configured LOGGING leaves ID and mobile numbers masked."""

import io
import logging

from fawang.core.identity import id_check_digit
from fawang.core.logging import MaskPersonalDataFilter

ID_NUMBER = "51010719900307123" + id_check_digit("51010719900307123")


def test_configured_handler_masks_phone_and_id_number():
    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskPersonalDataFilter) for f in h.filters)
    ]
    assert handlers, "settings.LOGGING must attach the mask filter to the root handler"
    handler = handlers[0]
    buffer = io.StringIO()
    old_stream = handler.setStream(buffer)
    try:
        logging.getLogger("fawang.test").warning("caller %s gave ID %s", "13912345678", ID_NUMBER)
    finally:
        handler.setStream(old_stream)

    line = buffer.getvalue()
    assert "139****5678" in line
    assert "5101" + "*" * 10 + ID_NUMBER[-4:] in line
    assert "13912345678" not in line and ID_NUMBER not in line
