"""Logging in to a workstation database: credentials (credentials.py), the log-in steps (service.py) and a user's
paper trading account (paper.py), without Qt, for the login window, the command line and the gateway alike."""

from workstation.login.paper import paper_account_of
from workstation.login.service import (
    EXISTING_SESSION,
    INVALID,
    Authenticated,
    ExistingSession,
    LoginPolicy,
    LoginService,
    Refused,
    SecondFactor,
    Session,
)

__all__ = ["EXISTING_SESSION", "INVALID", "Authenticated", "ExistingSession", "LoginPolicy", "LoginService",
           "Refused", "SecondFactor", "Session", "paper_account_of"]
