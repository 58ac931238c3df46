"""The demo market's companies: traders and factories of the Linqing bearing towns, brand agencies, buyers.

Names are invented in the style of the trade; credit codes are derived from each username with a valid
GB 11714 organisation-code check digit and a valid GB 32100 check character.
"""

import hashlib
from dataclasses import dataclass

from marketplace.organizations.credit_code import check_character

DOMESTIC = ("ZWZ", "HRB", "LYC", "C&U")
IMPORTED = ("SKF", "FAG", "NSK", "NTN", "KOYO", "NACHI", "TIMKEN")
ALL_TYPES = {
    "deep_groove_ball": 40,
    "tapered_roller": 14,
    "cylindrical_roller": 10,
    "spherical_roller": 10,
    "angular_contact_ball": 7,
    "self_aligning_ball": 5,
    "thrust_ball": 5,
    "thrust_roller": 2,
    "insert_unit": 5,
    "needle_roller": 2,
}
BALLS = {"deep_groove_ball": 70, "angular_contact_ball": 10, "self_aligning_ball": 10, "thrust_ball": 10}
ROLLERS = {"tapered_roller": 35, "cylindrical_roller": 30, "spherical_roller": 30, "thrust_roller": 5}
INSERTS = {"insert_unit": 60, "deep_groove_ball": 40}


@dataclass(frozen=True)
class SupplierProfile:
    username: str
    name: str
    town: str  # 烟店 / 潘庄 / 唐园, or the agency's city
    brands: tuple[str, ...]
    types: dict[str, int]
    weight: int  # share of the demo's listings
    score: str  # the supplier's demo scorecard score (0–100)
    division: str = "371581"  # 临清市
    status: str = "verified"


@dataclass(frozen=True)
class BuyerProfile:
    username: str
    name: str
    city: str
    division: str
    trade: str


SUPPLIERS: tuple[SupplierProfile, ...] = (
    # 烟店镇: the market street's traders, every brand and series.
    SupplierProfile(
        "xinsheng", "临清市烟店镇鑫盛轴承商行", "烟店", (*DOMESTIC, "SKF", "NSK", "FAG"), ALL_TYPES, 6, "96.00"
    ),
    SupplierProfile(
        "hengda", "临清烟店恒达轴承经销部", "烟店", (*DOMESTIC, "NSK", "NTN", "KOYO"), ALL_TYPES, 5, "92.00"
    ),
    SupplierProfile("jinyu", "临清市烟店金宇轴承有限公司", "烟店", (*DOMESTIC, "SKF", "FAG"), ALL_TYPES, 5, "94.00"),
    SupplierProfile("huarui", "临清烟店华瑞轴承销售中心", "烟店", ("ZWZ", "HRB", "C&U", "NSK"), ALL_TYPES, 4, "88.00"),
    SupplierProfile("hongtu", "临清市烟店宏图轴承商行", "烟店", ("LYC", "HRB", "TIMKEN", "KOYO"), ROLLERS, 4, "90.00"),
    SupplierProfile("yongsheng", "临清烟店永盛轴承有限公司", "烟店", (*DOMESTIC, "NACHI"), ALL_TYPES, 4, "86.00"),
    SupplierProfile("shunfa", "临清市烟店顺发轴承经营部", "烟店", ("C&U", "ZWZ"), BALLS, 3, "84.00"),
    SupplierProfile("ruifeng", "临清烟店瑞丰轴承商贸有限公司", "烟店", (*DOMESTIC, *IMPORTED), ALL_TYPES, 6, "98.00"),
    SupplierProfile("wantong", "临清市烟店万通轴承商行", "烟店", ("HRB", "LYC", "ZWZ"), ROLLERS, 3, "82.00"),
    SupplierProfile(
        "dongfang", "临清烟店东方精工轴承有限公司", "烟店", ("NSK", "NTN", "NACHI", "ZWZ"), BALLS, 3, "92.00"
    ),
    SupplierProfile("luguan", "临清市烟店鲁冠轴承经销处", "烟店", ("ZWZ", "LYC", "C&U"), ALL_TYPES, 3, "80.00"),
    SupplierProfile("juli", "临清烟店聚力轴承有限公司", "烟店", ("SKF", "FAG", "NSK", "ZWZ"), ALL_TYPES, 4, "90.00"),
    # 潘庄镇: ring and roller factories that sell their own output under domestic brands.
    SupplierProfile("xingda", "临清市潘庄镇兴达轴承制造有限公司", "潘庄", ("C&U", "LYC"), BALLS, 3, "86.00"),
    SupplierProfile("hengtong", "临清市潘庄恒通轴承厂", "潘庄", ("HRB", "LYC"), ROLLERS, 3, "84.00"),
    SupplierProfile("xintai", "临清潘庄鑫泰轴承有限公司", "潘庄", ("C&U", "ZWZ"), INSERTS, 2, "82.00"),
    SupplierProfile("zhiyuan", "临清市潘庄志远轴承商行", "潘庄", (*DOMESTIC,), ALL_TYPES, 2, "78.00"),
    SupplierProfile("borui", "临清潘庄博瑞轴承制造有限公司", "潘庄", ("LYC", "ZWZ"), ROLLERS, 2, "88.00"),
    SupplierProfile("jinding", "临清市潘庄金鼎轴承厂", "潘庄", ("C&U", "HRB"), BALLS, 2, "80.00"),
    SupplierProfile("longxin", "临清潘庄隆鑫轴承有限公司", "潘庄", ("ZWZ", "HRB", "LYC"), ALL_TYPES, 2, "84.00"),
    # 唐园镇.
    SupplierProfile("tyjinggong", "临清市唐园镇精工轴承有限公司", "唐园", ("C&U", "ZWZ"), BALLS, 2, "86.00"),
    SupplierProfile("ruida", "临清唐园瑞达轴承厂", "唐园", ("HRB", "LYC"), ROLLERS, 2, "82.00"),
    SupplierProfile("fengyuan", "临清市唐园丰源轴承商行", "唐园", (*DOMESTIC,), ALL_TYPES, 2, "80.00"),
    SupplierProfile("huayu", "临清唐园华宇轴承有限公司", "唐园", ("ZWZ", "C&U"), INSERTS, 2, "84.00"),
    SupplierProfile("changsheng", "临清市唐园昌盛轴承经销部", "唐园", ("LYC", "HRB", "ZWZ"), ALL_TYPES, 2, "76.00"),
    # Authorised brand agencies.
    SupplierProfile(
        "skf_agent", "山东鲁凯轴承有限公司（SKF授权经销商）", "济南", ("SKF",), ALL_TYPES, 5, "98.00", "370100"
    ),
    SupplierProfile(
        "nsk_agent", "临清市烟店恩斯克轴承销售有限公司（NSK授权经销商）", "烟店", ("NSK",), ALL_TYPES, 4, "96.00"
    ),
    SupplierProfile(
        "fag_agent", "青岛德鲁轴承有限公司（舍弗勒FAG授权经销商）", "青岛", ("FAG",), ALL_TYPES, 4, "96.00", "370200"
    ),
    SupplierProfile("zwz_agent", "临清瓦轴轴承烟店总经销", "烟店", ("ZWZ",), ALL_TYPES, 5, "94.00"),
    SupplierProfile("hrb_agent", "临清市哈轴洛轴烟店经销处", "烟店", ("HRB", "LYC"), ALL_TYPES, 3, "92.00"),
    # Registered, documents under review: the admin's verify action has something to do.
    SupplierProfile("xinxing", "临清市烟店新兴轴承商行", "烟店", ("C&U", "ZWZ"), BALLS, 1, "0.00", status="pending"),
)

BUYERS: tuple[BuyerProfile, ...] = (
    BuyerProfile("luxin_machine", "济南鲁信机床有限公司", "济南", "370100", "machine tools"),
    BuyerProfile("huatong_power", "潍坊华通动力机械有限公司", "潍坊", "370700", "diesel engines"),
    BuyerProfile("boshan_motor", "淄博博山电机有限公司", "淄博", "370300", "electric motors"),
    BuyerProfile("haian_gear", "青岛海岸减速机有限公司", "青岛", "370200", "gear reducers"),
    BuyerProfile("hengli_motor", "常州武进恒力电机有限公司", "常州", "320400", "electric motors"),
    BuyerProfile("xidong_auto", "无锡锡东汽车零部件有限公司", "无锡", "320200", "auto parts"),
    BuyerProfile("wujiang_textile", "苏州吴江纺织机械有限公司", "苏州", "320500", "textile machinery"),
    BuyerProfile("luqiao_auto", "台州路桥汽配有限公司", "台州", "331000", "auto parts"),
    BuyerProfile("ruian_moto", "温州瑞安汽摩配件有限公司", "温州", "330300", "motorcycle parts"),
    BuyerProfile("beilun_plastics", "宁波北仑注塑机械有限公司", "宁波", "330200", "injection moulding machines"),
)

_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CODE_MODULUS = 11


def organisation_code(seed: str) -> str:
    """A 9-character GB 11714 organisation code (8 digits and their check digit) derived from `seed`."""
    digits = str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[-8:]
    check = _ORG_CODE_MODULUS - sum(int(d) * w for d, w in zip(digits, _ORG_CODE_WEIGHTS, strict=True)) % 11
    return digits + {10: "X", 11: "0"}.get(check, str(check))


def demo_credit_code(*, username: str, division: str) -> str:
    """An 18-character unified social credit code: enterprise (91), the division, the organisation code."""
    body = f"91{division}{organisation_code(username)}"
    return body + check_character(body)
