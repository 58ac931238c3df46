"""Bearing brands: canonical codes, Latin and Chinese aliases, and the brand-prefix/suffix stripper.

Only makers whose name and Chinese trade name are well established are listed; `premium` marks
the seven global majors (SKF, Schaeffler/FAG, NSK, NTN, JTEKT/KOYO, Timken, NACHI); `tier` is the
market barometer's split (international: the majors and FYH, IKO, THK, NMB; domestic: the rest).
INA and Schaeffler share the `FAG` code because they are one maker with one suffix system here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Brand:
    """One maker as loaded into the Brand table."""

    code: str
    latin_name: str
    chinese_name: str | None
    origin_country: str  # ISO 3166-1 alpha-2
    premium: bool
    aliases: tuple[str, ...] = ()

    @property
    def tier(self) -> str:
        """`international` or `domestic`, as the market barometer splits brands."""
        return "international" if self.code in INTERNATIONAL else "domestic"


INTERNATIONAL: frozenset[str] = frozenset(
    ("SKF", "FAG", "NSK", "NTN", "KOYO", "TIMKEN", "NACHI", "FYH", "IKO", "THK", "NMB")
)


BRANDS: tuple[Brand, ...] = (
    Brand("SKF", "SKF", "斯凯孚", "SE", True, ("斯凯孚",)),
    Brand("FAG", "Schaeffler (FAG, INA)", "舍弗勒", "DE", True, ("INA", "SCHAEFFLER", "舍弗勒", "富安捷", "依纳")),
    Brand("NSK", "NSK", "恩斯克", "JP", True, ("恩斯克",)),
    Brand("NTN", "NTN", "恩梯恩", "JP", True, ("恩梯恩",)),
    Brand("KOYO", "JTEKT (KOYO)", "光洋", "JP", True, ("JTEKT", "光洋", "捷太格特")),
    Brand("TIMKEN", "Timken", "铁姆肯", "US", True, ("铁姆肯",)),
    Brand("NACHI", "NACHI-Fujikoshi", "不二越", "JP", True, ("NACHI-FUJIKOSHI", "不二越")),
    Brand("ZWZ", "Wafangdian Bearing (ZWZ)", "瓦轴", "CN", False, ("WAFANGDIAN", "瓦轴", "瓦房店")),
    Brand("HRB", "Harbin Bearing (HRB)", "哈轴", "CN", False, ("HARBIN", "哈轴", "哈尔滨")),
    Brand("LYC", "Luoyang LYC Bearing", "洛轴", "CN", False, ("LUOYANG", "洛轴", "洛阳")),
    Brand("C&U", "C&U Group", "人本", "CN", False, ("CU", "人本")),
    Brand("IKO", "IKO Nippon Thompson", None, "JP", False, ()),
    Brand("THK", "THK", None, "JP", False, ()),
    Brand("FYH", "FYH (Nippon Pillow Block)", None, "JP", False, ()),
    Brand("NMB", "NMB (MinebeaMitsumi)", "美蓓亚", "JP", False, ("MINEBEA", "美蓓亚")),
    Brand("HIWIN", "HIWIN", "上银", "TW", False, ("上银",)),
    Brand("WANXIANG", "Wanxiang Qianchao", "万向", "CN", False, ("万向", "万向钱潮")),
    Brand("ZXY", "Xiangyang Automobile Bearing (ZXY)", "襄轴", "CN", False, ("襄轴",)),
    Brand("ASAHI", "Asahi Seiko", None, "JP", False, ()),
    Brand("NB", "Nippon Bearing (NB)", None, "JP", False, ()),
    Brand("SAMICK", "Samick (SBC)", "三益", "KR", False, ("三益",)),
    Brand("PMI", "PMI Precision Motion", "银泰", "TW", False, ("银泰",)),
    Brand("SNR", "NTN-SNR", None, "FR", False, ("NTN-SNR",)),
    Brand("ILJIN", "ILJIN", None, "KR", False, ()),
    Brand("GMB", "GMB", None, "JP", False, ()),
    Brand("URB", "URB Group", None, "RO", False, ()),
    Brand("FERSA", "Fersa Bearings", None, "ES", False, ()),
    Brand("NKE", "NKE Austria", None, "AT", False, ()),
    Brand("ZKL", "ZKL", None, "CZ", False, ()),
)

BRAND_CODES: frozenset[str] = frozenset(b.code for b in BRANDS)

_ALIASES: dict[str, str] = {}
for _b in BRANDS:
    for _alias in (_b.code, *_b.aliases):
        _ALIASES[_alias.upper()] = _b.code


def _alias_pattern(alias: str) -> str:
    # A Latin alias must not run into further letters ("NSKF…" is no brand); digits may follow.
    escaped = r"\s*&\s*".join(re.escape(part) for part in alias.split("&"))
    return escaped if not alias[-1].isascii() else escaped + r"(?![A-Z&])"


_ALTERNATION = "|".join(_alias_pattern(a) for a in sorted(_ALIASES, key=len, reverse=True))
# "轴承" (bearing) often follows a Chinese maker's name: "瓦轴轴承 6205".
_PREFIX_RE = re.compile(rf"^(?P<brand>{_ALTERNATION})(?:轴承)?[\s\-:]*")
_SUFFIX_RE = re.compile(rf"(?:^|(?<=\s)|(?<=[^\x00-\x7f]))(?P<brand>{_ALTERNATION})(?:轴承)?$")
_SPACES_RE = re.compile(r"\s+")


def normalize_brand(text: str | None) -> str | None:
    """Canonical brand code for an alias in any case/width ("恩斯克" → "NSK"), else None."""
    if not text:
        return None
    key = _SPACES_RE.sub(" ", unicodedata.normalize("NFKC", text).strip().upper())
    return _ALIASES.get(key.removesuffix("轴承").replace(" ", ""))


def split_brand(text: str) -> tuple[str | None, str]:
    """Strip a brand written before or after the designation; text must be NFKC-upper-cased."""
    m = _PREFIX_RE.match(text)
    if m and m.end() < len(text):
        return _ALIASES[_SPACES_RE.sub("", m.group("brand"))], text[m.end() :]
    # Every alias ends in a letter (or 轴承), so a text ending in a digit or sign has no maker behind it.
    m = _SUFFIX_RE.search(text) if text[-1:].isalpha() else None
    if m and m.start() > 0:
        return _ALIASES[_SPACES_RE.sub("", m.group("brand"))], text[: m.start()].rstrip(" -")
    return None, text
