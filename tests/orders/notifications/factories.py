import factory

from orders.notifications.models import Notification, WebhookEndpoint
from orders.notifications.signing import webhook_secret_generate
from tests.factories import OrganizationFactory


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    organization = factory.SubFactory(OrganizationFactory)
    url = "https://93.184.215.14/hooks"
    events = factory.LazyFunction(lambda: ["order.placed", "order.settled"])
    secret = factory.LazyFunction(webhook_secret_generate)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    organization = factory.SubFactory(OrganizationFactory)
    type = "order.placed"
    data = factory.LazyFunction(lambda: {"id": 1, "number": "YD-1", "status": "placed"})
