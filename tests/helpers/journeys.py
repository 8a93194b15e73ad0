"""Building a test fire's request the way every front end does: through the journey."""

from __future__ import annotations

from app.core.destination.profile import Profile
from app.core.http.request import PreparedRequest
from app.core.journey.journey import Journey
from app.core.journey.services import Services


def prepared_request(
    services: Services, profile: Profile, *, dry_run: bool = False
) -> PreparedRequest:
    """The request a fire of ``profile`` sends, secrets read from the services' store."""
    journey = Journey(profile, services)
    journey.load_secrets()
    return journey.prepare_fire(dry_run=dry_run).request
