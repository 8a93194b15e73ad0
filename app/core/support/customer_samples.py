"""Sample values from a real Talon.One customer profile.

With a Management API key, "Fill samples from a customer profile" loads one profile (by
its integration ID, :meth:`app.core.support.management.ManagementClient.customer`) and puts its
values where the payload reads them: ``${$Profile.IntegrationId}``, every
``${$Profile.Attributes.<name>}``, and the webhook parameters that Talon.One fills from
the customer (the destination file's ``customer_params``, such as CleverTap's
``{"ProfileID": "integration_id"}``). The preview and a test fire then show that
customer's data. A value the profile lacks keeps its old sample and is named.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.destination.catalogue import Destination
from app.core.destination.profile import Profile
from app.core.payload.template import parse

_ATTRIBUTE = "Profile.Attributes."


@dataclass
class SampleFill:
    """What a fill changed.

    Attributes:
        changed: (what, old sample, new sample) for each value that changed.
        missing: attribute names the payload reads but the customer profile lacks.
    """

    changed: list[tuple[str, str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per change and per missing attribute, for the CLI and the page."""
        out = [f"{what}: {old} → {new}" for what, old, new in self.changed]
        out += [
            f"{name}: the customer profile has no such attribute; the sample stays."
            for name in self.missing
        ]
        return out or ["The samples already match this customer profile."]


def sample_text(value: Any) -> str:
    """An attribute as a sample: text as it is, numbers and lists as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def fill_from_customer(
    profile: Profile, destination: Destination, customer: Mapping[str, Any]
) -> SampleFill:
    """Set the profile's samples from ``customer`` (a Management API customer profile)."""
    fill = SampleFill()
    integration_id = str(customer.get("integrationId") or "")
    attributes = customer.get("attributes") or {}

    def put(key: str, new: str) -> None:
        old = profile.samples.get(key, "")
        if old != new:
            profile.samples[key] = new
            fill.changed.append((key, old, new))

    used = [
        ph.expr for ph in parse(profile.template, json_context=True).placeholders if not ph.is_param
    ]
    # The payload's placeholders, and the samples kept for other modes of the mapping.
    for expr in dict.fromkeys([*used, *profile.samples]):
        if expr == "Profile.IntegrationId" and integration_id:
            put(expr, integration_id)
        elif expr.startswith(_ATTRIBUTE):
            name = expr[len(_ATTRIBUTE) :]
            if name in attributes:
                put(expr, sample_text(attributes[name]))
            elif expr in used:
                fill.missing.append(name)
    fills = destination.customer_params
    for param in profile.params:
        wanted = fills.get(param.name) == "integration_id" and integration_id
        if wanted and param.sample != integration_id:
            fill.changed.append((param.name, param.sample, integration_id))
            param.sample = integration_id
    return fill
