"""What a partition may trade: its parent's trading permissions, minus any the advisor or broker is
not entitled to (ib-domain §7, PART-CP)."""

from __future__ import annotations

from collections.abc import Iterable

from workstation.engine.ledger.accounts import Permission


def _covers(entitlement: Permission, permission: Permission) -> Permission | None:
    """The part of ``permission`` that ``entitlement`` allows, or None."""
    if entitlement.asset_class != permission.asset_class:
        return None
    if entitlement.country == "*" or entitlement.country == permission.country:
        return permission
    if permission.country == "*":  # the parent may trade anywhere; the advisor only in one country
        return entitlement
    return None


def inherit_permissions(parent: Iterable[Permission], entitlements: Iterable[Permission]
                        ) -> tuple[frozenset[Permission], tuple[Permission, ...]]:
    """The partition's permissions, and the parent's that it loses (sorted for display). A
    parent's any-country permission narrowed to the advisor's countries counts as kept."""
    entitled = list(entitlements)
    kept: set[Permission] = set()
    removed = []
    for permission in sorted(parent, key=str):
        allowed = {p for e in entitled if (p := _covers(e, permission)) is not None}
        if allowed:
            kept |= allowed
        else:
            removed.append(permission)
    return frozenset(kept), tuple(removed)
