"""Domain errors of custom requests, each with its own code and HTTP status."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from marketplace.core.exceptions import DomainError, IllegalTransition


class CustomRequestClosed(IllegalTransition):
    code = "custom_request_closed"
    default_detail = _("The custom request no longer takes quotes.")


class AlreadyAwarded(IllegalTransition):
    code = "already_awarded"
    default_detail = _("The custom request has already been awarded.")


class QuoteExpired(DomainError):
    code = "quote_expired"
    default_detail = _("The quote is no longer valid.")


class NdaRequired(DomainError):
    code = "nda_required"
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Accept the non-disclosure terms of this request before opening its drawings.")


class UnsupportedDrawing(DomainError):
    code = "unsupported_file"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Upload a PDF, PNG, JPEG, DXF, DWG or STEP drawing.")


class EmptyDrawing(DomainError):
    code = "empty_file"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The uploaded file is empty.")


class DrawingTooLarge(DomainError):
    code = "file_too_large"
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("A drawing may be at most 20 MiB.")
