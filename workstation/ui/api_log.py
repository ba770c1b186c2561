"""The API server's log lines in the window: a relay to the GUI thread, and the daily message log file.

The server logs on its own thread (logger ``workstation.tws_api``). :class:`ApiLogRelay` hands each
line to the GUI thread through a queued signal; :class:`DailyApiLogFile` writes them to
``api.YYYYMMDD.log`` beside the database (Global Configuration -> API -> Settings -> Create API message
log file), a new file each day as TWS starts one per day.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QObject, Signal

from workstation.tws_api.api_settings import api_log_file_name

API_LOGGER = "workstation.tws_api"
LINE_FORMAT = "%(asctime)s.%(msecs)03d %(levelname)s %(message)s"
TIME_FORMAT = "%H:%M:%S"


def line_formatter() -> logging.Formatter:
    return logging.Formatter(LINE_FORMAT, TIME_FORMAT)


class ApiLogRelay(QObject):
    """Carries log lines from any thread to this object's (the GUI) thread as ``sig_line``; :attr:`handler`
    is the logging handler to add to the API's logger."""

    sig_line = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handler = _SignalHandler(self)


class _SignalHandler(logging.Handler):
    def __init__(self, relay: ApiLogRelay) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(line_formatter())
        self._relay = relay

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(RuntimeError):  # the window is gone (its relay deleted) while the server logged
            self._relay.sig_line.emit(self.format(record))


class DailyApiLogFile(logging.Handler):
    """Appends the API's log lines to ``folder/api.YYYYMMDD.log`` (local date), opening the next day's file
    at midnight."""

    def __init__(self, folder: Path) -> None:
        super().__init__(logging.INFO)
        self.folder = folder
        self.setFormatter(line_formatter())
        self._day = ""
        self._file: TextIO | None = None

    @property
    def path(self) -> Path:
        return self.folder / api_log_file_name(datetime.now().strftime("%Y%m%d"))  # noqa: DTZ005 - the user's day

    def emit(self, record: logging.LogRecord) -> None:
        try:
            day = datetime.now().strftime("%Y%m%d")  # noqa: DTZ005 - the user's day, as TWS names its files
            if day != self._day or self._file is None:
                self._close_file()
                self._file = (self.folder / api_log_file_name(day)).open("a", encoding="utf-8")
                self._day = day
            self._file.write(self.format(record) + "\n")
            self._file.flush()
        except OSError:
            self.handleError(record)

    def close(self) -> None:
        self.acquire()
        try:
            self._close_file()
        finally:
            self.release()
        super().close()

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
