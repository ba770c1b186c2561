"""Logging in to a workstation database: credentials (credentials.py) and the log-in steps (service.py),
without Qt, for the login window, the command line and the gateway alike."""

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
           "Refused", "SecondFactor", "Session"]
