"""The shape of a command handler: validate (may refuse, changes nothing), then apply what validation returned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workstation.engine.messages.events import Event

Validate = Callable[[Any], Any]
"""Checks a command against the state; raises ``Rejection`` or returns what applying it needs."""
Apply = Callable[[Any, Any, list[Event]], None]
"""Applies a validated command, given what validation returned, appending its events to the sink."""
Handler = tuple[Validate, Apply]
Handlers = dict[type, Handler]
"""command type -> its handler: what each room returns from its ``handlers()``."""
