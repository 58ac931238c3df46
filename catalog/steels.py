"""The bearing-steel vocabulary beside the bearing one: grades, forms and units of raw material.

Grades are the through-hardening high-carbon chromium steels of GB/T 18254, the carburising
steels of GB/T 3203 and two stainless bearing steels (GB/T 3086). Pools of raw material and
makers' declared capabilities use these values.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SteelGrade(models.TextChoices):
    GCR4 = "GCr4", "GCr4"
    GCR15 = "GCr15", "GCr15"
    GCR15SIMN = "GCr15SiMn", "GCr15SiMn"
    GCR15SIMO = "GCr15SiMo", "GCr15SiMo"
    GCR18MO = "GCr18Mo", "GCr18Mo"
    G20CRMO = "G20CrMo", "G20CrMo"
    G20CRNIMO = "G20CrNiMo", "G20CrNiMo"
    G20CRNI2MO = "G20CrNi2Mo", "G20CrNi2Mo"
    G20CR2NI4 = "G20Cr2Ni4", "G20Cr2Ni4"
    G10CRNI3MO = "G10CrNi3Mo", "G10CrNi3Mo"
    G20CR2MN2MO = "G20Cr2Mn2Mo", "G20Cr2Mn2Mo"
    G95CR18 = "G95Cr18", "G95Cr18"
    G102CR18MO = "G102Cr18Mo", "G102Cr18Mo"


class SteelForm(models.TextChoices):
    BAR = "bar", _("Bar")
    TUBE = "tube", _("Tube")
    WIRE = "wire", _("Wire")
    RING_FORGING = "ring_forging", _("Ring forging")


# GB/T 18254 through-hardening, GB/T 3203 carburising, GB/T 3086 stainless.
STEEL_STANDARD: dict[str, str] = {
    **dict.fromkeys(["GCr4", "GCr15", "GCr15SiMn", "GCr15SiMo", "GCr18Mo"], "GB/T 18254"),
    **dict.fromkeys(["G20CrMo", "G20CrNiMo", "G20CrNi2Mo", "G20Cr2Ni4", "G10CrNi3Mo", "G20Cr2Mn2Mo"], "GB/T 3203"),
    **dict.fromkeys(["G95Cr18", "G102Cr18Mo"], "GB/T 3086"),
}


def steel_grade_normalize(text: str) -> str | None:
    """The grade as the vocabulary spells it (case and spaces forgiven), or None when unknown."""
    key = "".join(text.split()).lower()
    return next((grade for grade in SteelGrade.values if grade.lower() == key), None)
