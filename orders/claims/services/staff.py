"""Staff alerts raised by claims."""

from orders.claims.models import Claim
from orders.claims.services.transitions import claim_event_data
from orders.notifications.events import CLAIM_COUNTERFEIT_UPHELD
from orders.notifications.services import outbox_publish


def counterfeit_upheld_notify(*, claim: Claim) -> None:
    """An upheld counterfeit claim: e-mail the market's staff (through the outbox) to review the supplier's
    brand authorisations."""
    outbox_publish(
        event_type=CLAIM_COUNTERFEIT_UPHELD,
        data={**claim_event_data(claim), "supplier": claim.order.supplier_id},
        organization_ids=[None],
    )
