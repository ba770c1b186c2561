"""Headless scenarios: a YAML or JSON file of accounts, prices and steps in, JSON out."""

from workstation.scenario.loader import Profile, ScenarioError, load_scenario, parse_profile, parse_scenario
from workstation.scenario.runner import run_scenario

__all__ = ["Profile", "ScenarioError", "load_scenario", "parse_profile", "parse_scenario", "run_scenario"]
