"""Domain errors of the catalog, each with its own code and HTTP status."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from marketplace.core.exceptions import DomainError


class UnsupportedFile(DomainError):
    code = "unsupported_file"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Upload a CSV or XLSX file.")


class EmptyFile(DomainError):
    code = "empty_file"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The uploaded file is empty.")


class FileTooLarge(DomainError):
    code = "file_too_large"
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The uploaded file is too large.")
