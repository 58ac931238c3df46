"""The unified social credit code (统一社会信用代码) of GB 32100-2015.

18 characters from a 31-character alphabet; the last is a check character computed
mod 31 with weights 3^i mod 31 over the first 17.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
MODULUS = 31


def check_character(body: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(MODULUS - total % MODULUS) % MODULUS]


def normalize_credit_code(value: str) -> str:
    return value.strip().upper()


def credit_code_problem(value: str) -> str | None:
    """None when the code is valid, else a sentence saying what is wrong."""
    code = normalize_credit_code(value)
    if len(code) != LENGTH:
        return f"Must be {LENGTH} characters long."
    bad = sorted({char for char in code if char not in ALPHABET})
    if bad:
        return f"Contains characters not used in credit codes: {''.join(bad)}."
    if check_character(code[:-1]) != code[-1]:
        return "Check character does not match (GB 32100-2015)."
    return None
