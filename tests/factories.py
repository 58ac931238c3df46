"""factory_boy factories shared by the test suite."""

import factory

from marketplace.organizations.credit_code import check_character
from marketplace.organizations.models import Organization, User


def credit_code(n: int) -> str:
    """A valid unified social credit code derived from a sequence number."""
    body = f"91370000{n:09d}"
    return body + check_character(body)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Linqing Trader {n}")
    kind = "supplier"
    status = "verified"
    credit_code = factory.Sequence(credit_code)
    city = "Linqing"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    organization = factory.SubFactory(OrganizationFactory)
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", "s3cret-pass-123")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
