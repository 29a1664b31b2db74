"""Demo service orders for `make run`: about 150 believable orders so the workbench, the hotline
console, the supervision pages and the public tracking page have something to show.

Every order is made by the real services (order_submit, the transition services, evaluation_submit,
review_rectify/verify, supervision_issue/answer) and the real sweeps (sweep_deadlines,
feedback_close_unrated), replayed over the last ~6 weeks in time order: the order services stamp
their steps with `timezone.now()` (as they should: a clerk cannot backdate an acceptance), so the
replay sets that clock to each step's moment. The sweeps run every simulated morning at 08:30, so
warnings, overdue supervision orders, escalations and the closing of unrated orders happen when
they would have, and once more at the real time at the end. Timestamps in the audit trail and the
inbox are the simulated ones: this is demo data, and `seed_demo` is for demo databases only.

Deterministic from `seed` (the content; times are relative to the day of seeding). Idempotent: every
demo applicant's phone is 1380001xxxx, and when any order with such a phone exists nothing is made.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.core.calendar import TZ, add_working_days, is_workday
from fawang.core.identity import id_check_digit, mobile_index

from .enums import ApplicantKind, Channel, PriorityGroup, SupervisionStatus
from .models import ServiceOrder, SupervisionOrder

DEMO_SEED = 2026
DEMO_DAYS = 42  # how far back the replay starts
PHONE_PREFIX = "1380001"  # every demo applicant's phone: 1380001 + 4 digits (13800000000 is the demo citizen)
TRACKING_HINT_PHONE = "13800019001"  # the order the visitor is invited to track (resolved, awaiting a rating)
REPEAT_CALLER_PHONE = "13800019002"  # a caller with several earlier orders, for the hotline console
ORDER_COUNT = 150

QUESTIONS_FILE = Path(__file__).with_name("demo_questions.json")

# ---- the words of the demo (written for it; real questions come from demo_questions.json) ----------

_OWN_DESCRIPTIONS: dict[str, list[str]] = {
    "complaint": [
        "在区法律援助中心申请援助快两个月了，一直说在审批，打电话也没人接，请督促办理。",
        "委托的律师收了代理费后一直不回电话，开庭前一天才联系我，要求查处。",
        "公证处窗口工作人员态度生硬，需要的材料一次没说清楚，让我来回跑了三趟。",
        "12348热线连续三天都没人接听，希望改进。",
        "调解员明显偏向对方，调解协议没有按双方说好的内容写，要求更换调解员。",
        "司法鉴定机构超过约定时间一个月仍未出具鉴定意见，也不说明原因。",
        "社区法律顾问说好每周三坐班，连续几周都没见到人。",
    ],
    "legal_aid": [
        "在外地打工被拖欠工资八千多元，家里经济困难，想申请法律援助。",
        "父亲在工地摔伤，老板只付了三千元医药费就不管了，想申请法律援助讨要工伤赔偿。",
        "丈夫长期酗酒打人，我想离婚并要孩子抚养权，没有钱请律师。",
    ],
    "notary": [
        "母亲想把名下的房子立遗嘱留给我和妹妹各一半，想办理遗嘱公证。",
        "孩子要出国读书，需要办理出生公证和无犯罪记录公证。",
        "公司与合作方签订借款合同，双方希望办理赋予强制执行效力的债权文书公证。",
    ],
    "mediation": [
        "楼上住户装修把我家天花板弄得漏水，协商赔偿不成，想请社区调解。",
        "邻居家的狗晚上一直叫，说了多次不改，想请调解委员会出面。",
    ],
}
# Stories of the Tibetan- and Yi-speaking areas (the clerk writes the request down in Chinese).
_LOCAL_DESCRIPTIONS: dict[str, list[str]] = {
    "bo": [
        "草场边界纠纷：邻村牧民多次越界放牧，双方争执不下，请求调解。",
        "挖虫草季节与外村就采挖区域发生争执，想请乡里出面调解。",
        "丈夫去世后，婆家要收回我和孩子住的房子，想咨询我们有没有继承权。",
        "在外地打工被拖欠工资三个月，老板不接电话，想申请法律援助。",
        "想把家里的房子和牛羊立遗嘱留给小儿子，想办理公证。",
    ],
    "ii": [
        "订婚时男方给了彩礼十二万，现在女方悔婚，想咨询彩礼能不能要回来。",
        "在外省工地打工，包工头拖欠工资一万五千元，想申请法律援助。",
        "两家因为林地界线发生纠纷，多次争吵，请求调解。",
        "儿子在外打工时受伤，工厂不给认定工伤，想申请法律援助。",
        "家里老人去世，兄弟几个对分家有争议，想请调解。",
    ],
}
# Requests the applicants wrote themselves in their own script, on the web (fawang issue 10: Tibetan in
# Litang, Yi in Liangshan's Zhaojue), one per item. The Tibetan lines are machine drafts; the Yi lines
# are placeholders in Liangshan standard Yi syllables awaiting a native speaker's rewrite.
_SCRIPT_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "bo": {
        "consultation": "ཁྱིམ་ཐབ་འདས་རྗེས་ཁྱིམ་ཚང་གི་ཁང་པ་དང་ནོར་ལུག་ཤུལ་འཛིན་བྱེད་ཐུབ་མིན་བློ་འདྲི་ཞུ།",
        "legal_aid": "ངའི་བུ་གྲོང་ཁྱེར་དུ་ལས་ཀ་བྱས་ནས་ཟླ་བ་གསུམ་རིང་གླ་ཕོགས་མ་ཐོབ། ཁྲིམས་ལུགས་རོགས་རམ་ཞུ།",
        "mediation": "ང་ཚོའི་རྩྭ་ཐང་གི་ས་མཚམས་སྐོར་ལ་གྲོང་ཚོ་གཞན་དང་རྩོད་གཞི་བྱུང་། བར་འདུམ་ཞུ།",
        "notary": "ཁང་པ་དང་ནོར་ལུག་བུ་ཆུང་བར་སྤྲོད་རྒྱུའི་ཁ་ཆེམས་ལ་སྤྱི་དཔང་ཞུ།",
        "complaint": "ཁྲིམས་ལུགས་ཞབས་ཞུ་ལྟེ་གནས་སུ་ཐེངས་གསུམ་སོང་ཡང་ལས་བྱེད་པ་མ་འདུག",
        "appraisal": "འགྲིམ་འགྲུལ་ཉེན་ཁར་ངའི་རྐང་པར་རྨས་སྐྱོན་བྱུང་། རྨས་སྐྱོན་རིམ་པ་ངོས་འཛིན་ཞུ།",
    },
    "ii": {
        "consultation": "ꉢꊨꌦꀐ，ꁧꏮꏦꍈꃒꇐꊪꑠ。",
        "legal_aid": "ꉢꏃꇬꊙꈿꀋꁱ，ꃒꇐꑸꍗꎸꏽ。",
        "mediation": "ꉪꋆꀕꀊꋆꌺꆹꌋꀋꐥ，ꄠꏥꎸꏽ。",
        "notary": "ꒉꍎꇬꍓꎸꏽ。",
        "complaint": "ꃛꊈꄄꇬꊙꊿꀋꐥ，ꄬꌠ。",
        "appraisal": "ꏦꄤꉢꐥꀋ，ꌦꃒꏦꄂꎸꏽ。",
    },
}
# Where they live: Litang (理塘县, Ganzi) and Zhaojue (昭觉县, Liangshan).
_SCRIPT_COUNTIES = {"bo": "513334", "ii": "513431"}
_RESOLUTIONS: dict[str, list[str]] = {
    "consultation": [
        "已电话答复：说明了相关法律规定和维权途径，建议保留好书面证据。",
        "已当面解答，告知可先协商，协商不成可向人民法院起诉，并说明了诉讼时效。",
    ],
    "legal_aid": [
        "经审查符合法律援助条件，已决定给予法律援助并指派律师承办。",
        "已受理并指派援助律师，律师已与申请人见面了解案情。",
    ],
    "notary": ["公证书已出具，申请人已领取。", "经审查材料齐全，已办结公证并送达公证书。"],
    "mediation": [
        "经调解双方达成协议，已签订人民调解协议书。",
        "经两次调解，双方就赔偿金额达成一致，已当场履行。",
    ],
    "complaint": [
        "经核查情况属实，已约谈相关人员并责令整改，整改结果已电话告知投诉人。",
        "经核查，已督促承办机构三日内办理，并向投诉人说明了处理情况。",
    ],
    "appraisal": ["已完成受理审查，鉴定意见书已出具并送达委托人。", "鉴定已完成，鉴定意见书已送达。"],
}
_FIRST_CONTACT_ANSWERS = [
    "已当场解答：拖欠工资可先向劳动保障监察投诉，也可申请劳动仲裁，仲裁时效为一年。",
    "已当场解答：协议离婚需双方到婚姻登记机关办理，有争议的可向人民法院起诉。",
    "已当场解答：交通事故赔偿可先请交警调解，调解不成可向人民法院起诉，并说明了需要保留的证据。",
    "已当场解答：告知法律援助的申请条件和所需材料，建议到户籍地法律援助中心申请。",
    "已当场解答：邻里纠纷可向所在社区人民调解委员会申请调解，免费。",
]
_SUSPEND_REASONS = {
    "legal_aid": "请补充提交经济困难状况说明表和相关证据材料。",
    "notary": "请补充提交房屋产权证明及全体继承人的身份证明。",
    "appraisal": "请补充提交完整病历资料和工伤认定书。",
}
_SUSPEND_DEFAULT = "请补充提交与申请事项有关的书面材料。"
_COMMENTS = {
    1: ["工作人员很耐心，解答很清楚。", "办事效率高，非常感谢！", ""],
    2: ["解答清楚，谢谢。", "比预想的快。", ""],
    3: ["基本解决了，就是等的时间有点长。", "还可以，希望能再快一点。"],
    4: [
        "答复太笼统，没有解决实际问题，打电话也找不到承办人。",
        "等了很久才处理，结果也不满意。",
        "承办人只让我回去等通知，没有告诉我下一步怎么办。",
        "材料交了两次还说不齐，一次性告知没有做到。",
        "调解时没有听我的意见，协议内容我不认可。",
    ],
    5: ["去了三次窗口都让回去等通知，至今没有结果。"],
}
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林罗郑梁谢宋唐许邓冯韩曹曾彭肖蔡潘田董袁"
_GIVEN = [
    "秀英",
    "建华",
    "志强",
    "丽",
    "芳",
    "军",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂兰",
    "玉梅",
    "德明",
    "小红",
    "海燕",
    "文斌",
]
_TIBETAN = ["扎西", "卓玛", "次仁", "拉姆", "格桑", "央金", "尼玛", "达瓦", "洛绒", "曲措", "泽仁", "益西"]
_YI = [
    "阿西莫色",
    "吉克阿呷",
    "沙马伍各",
    "阿的日火",
    "曲比阿果",
    "吉伍木呷",
    "俄木拉则",
    "马海阿支",
    "海来木呷",
    "勒格伍牛",
]

# Where the demo applicants live: (county code, weight, languages with weights). Wuhou gets the most
# so the `wuhou` clerk has a real queue; Litang speaks Tibetan for `litang`; Liangshan speaks Yi.
_PLACES: list[tuple[str, int, dict[str, int]]] = [
    ("510107", 40, {"zh": 1}),  # 武侯区
    ("510104", 4, {"zh": 1}),  # 锦江区
    ("510105", 4, {"zh": 1}),  # 青羊区
    ("510106", 3, {"zh": 1}),  # 金牛区
    ("510108", 3, {"zh": 1}),  # 成华区
    ("510116", 3, {"zh": 1}),  # 双流区
    ("513334", 8, {"bo": 4, "zh": 1}),  # 理塘县
    ("513301", 3, {"zh": 2, "bo": 1}),  # 康定市
    ("513431", 4, {"ii": 3, "zh": 1}),  # 昭觉县
    ("513401", 3, {"zh": 2, "ii": 1}),  # 西昌市
    ("513436", 2, {"ii": 1}),  # 美姑县
    ("510703", 4, {"zh": 1}),  # 绵阳 涪城区
    ("511302", 3, {"zh": 1}),  # 南充 顺庆区
    ("511502", 3, {"zh": 1}),  # 宜宾 翠屏区
    ("510502", 3, {"zh": 1}),  # 泸州 江阳区
    ("510603", 2, {"zh": 1}),  # 德阳 旌阳区
    ("513201", 2, {"zh": 1, "bo": 1}),  # 马尔康市
]
_CHENGDU = ["510107", "510104", "510105", "510106", "510108", "510116"]
# What a module's own resolve needs beside the text (Workflow.resolve): legal aid's outcome.
_RESOLVE_DETAILS: dict[str, dict[str, Any]] = {"legal_aid": {"outcome": "mediated"}}

_ITEMS_WEIGHTED = {
    "consultation": 6,
    "legal_aid": 5,
    "mediation": 4,
    "notary": 3,
    "complaint": 2,
    "appraisal": 2,
}

# The story of each status (scenario → how many orders). Each scenario's steps are laid out in
# `_plan_steps`; a few named orders (the tracking hint, the repeat caller, the demo citizen's) come first.
_SCENARIOS: list[tuple[str, int]] = [
    ("submitted", 20),
    ("accepted", 10),
    ("in_progress", 23),
    ("suspended", 8),
    ("resumed", 3),
    ("transferred", 3),
    ("rejected", 3),
    ("resolved", 14),
    ("closed_rated", 28),
    ("closed_unrated", 5),
    ("reopened", 6),
    ("warned", 6),
    ("overdue", 6),
    ("first_contact", 15),
]


@dataclass
class _Order:
    """The plan of one demo order: how it is submitted and what happens to it afterwards."""

    n: int
    scenario: str
    item: str
    region: str
    language: str
    channel: str
    name: str
    phone: str
    description: str
    submitted_at: dt.datetime
    applicant_kind: str = ApplicantKind.CITIZEN
    id_number: str = ""
    enterprise: tuple[str, str] | None = None
    priority_groups: list[str] = field(default_factory=list)
    citizen: bool = False  # filed by the demo citizen's account
    first_contact: str | None = None
    steps: list[tuple[dt.datetime, str, dict[str, Any]]] = field(default_factory=list)
    order: ServiceOrder | None = None


@dataclass
class DemoOrdersReport:
    created: int = 0
    already_present: bool = False
    statuses: dict[str, int] = field(default_factory=dict)
    supervisions: int = 0
    reviews: int = 0
    hint: tuple[str, str] | None = None


# ---- public ----------------------------------------------------------------------------------------


def demo_phones() -> list[str]:
    return [f"{PHONE_PREFIX}{n:04d}" for n in range(ORDER_COUNT)] + [TRACKING_HINT_PHONE, REPEAT_CALLER_PHONE]


def demo_orders_present() -> bool:
    indexes = [mobile_index(p) for p in demo_phones()]
    return ServiceOrder.objects.filter(applicant_phone_index__in=indexes).exists()


def demo_tracking_hint() -> tuple[str, str] | None:
    """(tracking number, phone) of the order a visitor can look up on the public tracking page."""
    order = (
        ServiceOrder.objects.filter(applicant_phone_index=mobile_index(TRACKING_HINT_PHONE))
        .order_by("-submitted_at")
        .first()
    )
    return (order.tracking_no, TRACKING_HINT_PHONE) if order else None


def demo_orders_ensure(*, seed: int = DEMO_SEED, now: dt.datetime | None = None) -> DemoOrdersReport:
    """Make the demo orders unless they exist. Needs the regions, the catalog, the demo network and
    the demo accounts (fawang.network.demo.demo_users_ensure)."""
    from fawang.catalog.models import ServiceItem

    report = DemoOrdersReport()
    if demo_orders_present():
        report.already_present = True
        report.hint = demo_tracking_hint()
        return report
    now = now or timezone.now()
    rng = random.Random(seed)
    items = {i.code: i for i in ServiceItem.objects.filter(code__in=_ITEMS_WEIGHTED)}
    missing = set(_ITEMS_WEIGHTED) - set(items)
    if missing:
        raise RuntimeError(f"demo orders need the catalog items {sorted(missing)}: run catalog_load first")
    # Calendar days each item's limit spans, so orders meant to be on time are young enough.
    spans = {
        code: item.time_limit if item.time_limit_unit == "calendar_days" else round(item.time_limit * 1.4)
        for code, item in items.items()
    }
    plans = _plan(rng, now, spans)
    _Replay(plans, items, now, seed).run()
    report.created = len(plans)
    demo_ids = [p.order.pk for p in plans if p.order is not None]
    report.statuses = dict(
        Counter(ServiceOrder.objects.filter(pk__in=demo_ids).values_list("status", flat=True))
    )
    report.supervisions = SupervisionOrder.objects.filter(order_id__in=demo_ids).count()
    from fawang.feedback.models import Review

    report.reviews = Review.objects.filter(order_id__in=demo_ids).count()
    report.hint = demo_tracking_hint()
    return report


# ---- planning: pure, from the seed -----------------------------------------------------------------


def _local_at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def _workday_on_or_before(day: dt.date) -> dt.date:
    while not is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def _next_workday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


class _Words:
    """Descriptions per service item, drawn without repeats until a pool is used up."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        data = json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
        pools: dict[str, list[str]] = {}
        for q in data["questions"]:
            pools.setdefault(q["service_item"], []).append(q["question"])
        for item, texts in _OWN_DESCRIPTIONS.items():
            pools.setdefault(item, []).extend(texts)
        self.pools = pools
        self.left: dict[str, list[str]] = {}

    def draw(self, key: str, pools: dict[str, list[str]] | None = None) -> str:
        pools = pools or self.pools
        if not self.left.get(key):
            self.left[key] = list(pools[key])
            self.rng.shuffle(self.left[key])
        return self.left[key].pop()


def _name(rng: random.Random, language: str) -> str:
    if language == "bo":
        first, second = rng.sample(_TIBETAN, 2)  # Tibetan names pair two given names: 洛绒扎西
        return first + second
    if language == "ii":
        return rng.choice(_YI)
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _id_number(rng: random.Random, county: str) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    first17 = f"{county}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_check_digit(first17)


_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _credit_code(rng: random.Random, county: str) -> str:
    """A well-formed unified social credit code (GB 32100: 17 characters and a check character)."""
    body = "91" + county + "".join(rng.choice(_CREDIT_ALPHABET) for _ in range(9))
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_ALPHABET[(31 - total % 31) % 31]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _plan(rng: random.Random, now: dt.datetime, spans: dict[str, int]) -> list[_Order]:
    today = timezone.localtime(now).date()
    words = _Words(rng)
    scenarios = [s for s, count in _SCENARIOS for _ in range(count)]
    plans: list[_Order] = []

    def new(n: int, scenario: str, *, region: str | None = None, item: str | None = None) -> _Order:
        county = region or rng.choices([p[0] for p in _PLACES], weights=[p[1] for p in _PLACES])[0]
        languages = next(p[2] for p in _PLACES if p[0] == county)
        language = _weighted(rng, languages)
        item = item or _weighted(rng, _ITEMS_WEIGHTED)
        if scenario == "first_contact":
            item = "consultation"
        channel = _weighted(rng, {"web": 4, "hotline": 3, "window": 3, "app": 2})
        if language != "zh":
            channel = _weighted(rng, {"window": 3, "hotline": 1})  # the clerk takes it down in Chinese
        if scenario == "first_contact":
            channel = Channel.HOTLINE if rng.random() < 0.75 else Channel.WINDOW
        if language != "zh" and rng.random() < 0.6:
            description = words.draw(
                f"local-{language}", {f"local-{language}": _LOCAL_DESCRIPTIONS[language]}
            )
        else:
            description = words.draw(item)
        plan = _Order(
            n=n,
            scenario=scenario,
            item=item,
            region=county,
            language=language,
            channel=channel,
            name=_name(rng, language),
            phone=f"{PHONE_PREFIX}{n:04d}",
            description=description,
            submitted_at=now,
        )
        if item == "legal_aid":
            plan.id_number = _id_number(rng, county)
            if any(w in description for w in ("工资", "工钱", "包工头", "工伤", "工地")):
                plan.priority_groups = [PriorityGroup.MIGRANT_WORKER]
            elif "家暴" in description or "打" in description:
                plan.priority_groups = [PriorityGroup.WOMAN_DOMESTIC_VIOLENCE]
        if item in ("notary", "consultation") and rng.random() < 0.08 and language == "zh":
            plan.applicant_kind = ApplicantKind.ENTERPRISE
            plan.enterprise = (
                f"四川{rng.choice(['锦程', '蜀兴', '天府', '川信', '华西'])}商贸有限公司",
                _credit_code(rng, county),
            )
        if rng.random() < 0.1 and not plan.priority_groups:
            plan.priority_groups = [PriorityGroup.ELDERLY]
        return plan

    # Placement: most scenarios go anywhere; these want a supervisor to notice them in Chengdu.
    chengdu_first = {"reopened": 6, "overdue": 3, "warned": 3}
    for n, scenario in enumerate(scenarios):
        region = None
        if chengdu_first.get(scenario, 0) > 0:
            chengdu_first[scenario] -= 1
            region = "510107" if rng.random() < 0.6 else rng.choice(_CHENGDU)
        item = {
            "overdue": rng.choice(["complaint", "legal_aid"]),
            "warned": "mediation",
            "suspended": rng.choice(["legal_aid", "notary", "appraisal"]),
            "resumed": rng.choice(["legal_aid", "notary"]),
            "transferred": rng.choice(["mediation", "complaint"]),
            "rejected": rng.choice(["mediation", "complaint"]),
            "reopened": rng.choice(["complaint", "consultation", "legal_aid"]),
        }.get(scenario)
        plans.append(new(n, scenario, region=region, item=item))

    # The named orders: the visitor's tracking example, a repeat hotline caller, the demo citizen's own.
    hint = plans[[p.scenario for p in plans].index("resolved")]
    hint.region, hint.language, hint.channel, hint.phone = "510107", "zh", Channel.WEB, TRACKING_HINT_PHONE
    hint.item, hint.name, hint.applicant_kind = "consultation", "刘桂兰", ApplicantKind.CITIZEN
    hint.description = "公司拖欠我三个月工资共一万八千元，老板一直说下个月发，我该怎么维权？"
    caller = [
        next(p for p in plans if p.scenario == s) for s in ("closed_rated", "first_contact", "in_progress")
    ]
    p: _Order | None  # the loops' plan, and below the one a scenario may lack
    for p in caller:
        p.phone, p.name, p.region, p.language = REPEAT_CALLER_PHONE, "王秀英", "510107", "zh"
        p.channel = Channel.HOTLINE
    mine = [
        p for p in plans if p.scenario in ("in_progress", "resolved", "closed_rated") and p.channel == "web"
    ]
    for scenario in ("in_progress", "resolved", "closed_rated"):
        p = next((x for x in mine if x.scenario == scenario and x is not hint), None)
        if p is not None:
            p.citizen, p.region, p.language, p.name = True, "510107", "zh", "陈小明"
    # A few applicants in Litang and Zhaojue write their request in their own script on the web (the
    # others' requests are taken down in Chinese by a clerk); no draw from `rng`, so the rest stays put.
    for language, county in _SCRIPT_COUNTIES.items():
        written = [
            x for x in plans if (x.region, x.language) == (county, language) and x.scenario != "first_contact"
        ]
        for x in written[:4]:
            x.description = _SCRIPT_DESCRIPTIONS[language][x.item]
            x.channel = Channel.WEB
    for p in plans:
        if p.region == "510107" and rng.random() < 0.6:
            p.region = "township-of-510107"  # a street of Wuhou, chosen at run time from the region table
        _plan_steps(rng, p, today, now, spans.get(p.item, 7))
    return plans


def _plan_steps(rng: random.Random, p: _Order, today: dt.date, now: dt.datetime, span: int) -> None:
    """Lay out the submission time and the steps of one order's scenario (days counted back from
    today). `span` is the calendar days the item's time limit covers: open orders meant to be on
    time are submitted within its first half."""

    def day(back: int) -> dt.date:
        return today - dt.timedelta(days=back)

    def office(d: dt.date, early: int = 9, late: int = 17) -> dt.datetime:
        return _local_at(d, rng.randint(early, late - 1), rng.randrange(0, 60, 5))

    def submit(back_lo: int, back_hi: int) -> dt.datetime:
        d = day(rng.randint(back_lo, back_hi))
        if p.channel == Channel.WINDOW:
            d = _workday_on_or_before(d)
        hour_lo, hour_hi = (9, 17) if p.channel == Channel.WINDOW else (7, 22)
        return _local_at(d, rng.randint(hour_lo, hour_hi - 1), rng.randrange(0, 60, 5))

    def later(t: dt.datetime, days: int = 1) -> dt.datetime:
        if days == 0:  # the same day, a little later
            return t + dt.timedelta(minutes=rng.randint(30, 240))
        d = timezone.localtime(t).date()
        for _ in range(days):
            d = _next_workday(d)
        return office(d)

    s = p.scenario
    steps: list[tuple[dt.datetime, str, dict[str, Any]]] = []
    if s == "submitted":
        t = submit(0, 1)
        if t > now - dt.timedelta(minutes=30):  # seeded early in the morning: yesterday evening instead
            t = _local_at(day(1), 20, rng.randrange(0, 60, 5))
        p.submitted_at = t
    elif s == "first_contact":
        p.first_contact = rng.choice(_FIRST_CONTACT_ANSWERS)
        p.submitted_at = submit(1, 30)
        age = (today - timezone.localtime(p.submitted_at).date()).days
        if age >= 3 and rng.random() < 0.6:
            steps.append((later(p.submitted_at, 2), "rate", {"level": rng.choice([1, 1, 2, 2, 3])}))
    else:
        on_time = max(1, span // 2)
        t = p.submitted_at = submit(
            *{
                "accepted": (1, min(3, on_time)),
                "in_progress": (1, min(9, on_time)),
                "suspended": (2, 10),
                "resumed": (3, min(14, max(4, span - 3))),
                "transferred": (1, 3),
                "rejected": (2, 10),
                "resolved": (6, 9) if p.phone == TRACKING_HINT_PHONE else (3, 12),
                "closed_rated": (6, 40),
                "closed_unrated": (28, 40),
                "reopened": (8, 16),
                "warned": (25, 27),
                "overdue": (11, 22),
            }[s]
        )
        if s == "transferred":
            steps.append((later(t), "transfer", {}))
        elif s == "rejected":
            steps.append((later(t), "reject", {}))
        elif s == "overdue" and p.n % 3 == 0:
            pass  # nobody ever accepted it
        else:
            t = later(t)
            steps.append((t, "accept", {}))
            if s != "accepted":
                t = t + dt.timedelta(minutes=rng.randint(20, 120))
                steps.append((t, "start", {}))
            if s in ("suspended", "resumed"):
                t = later(t)
                steps.append((t, "suspend", {}))
            if s == "resumed":
                t = later(t, 2)
                steps.append((t, "resume", {}))
            if s in ("resolved", "closed_rated", "closed_unrated", "reopened"):
                t = later(t, rng.randint(1, 2))
                steps.append((t, "resolve", {}))
            if s == "closed_rated":
                t = later(t, rng.randint(0, 2)) if rng.random() < 0.5 else t + dt.timedelta(hours=3)
                steps.append((t, "rate", {"level": rng.choice([1, 1, 1, 2, 2, 2, 3, 3])}))
            if s == "reopened":
                t = later(t)
                steps.append((t, "rate", {"level": 5 if p.n % 4 == 0 else 4}))
                if p.n % 3 != 0:  # the others still wait for the handler to pick the work up again
                    t = later(t)
                    steps.append((t, "start", {}))
                if p.n % 2 == 0:  # the handler reports its rectification; the supervisor verifies some
                    t = later(t)
                    steps.append((t, "rectify", {}))
                    if p.n % 4 == 0:
                        steps.append((later(t), "verify", {}))
            if s == "in_progress" and p.region in [*_CHENGDU, "township-of-510107"] and p.n % 5 == 0:
                steps.append((later(t, 2), "supervise", {}))
        if s == "overdue":
            steps.append((None, "answer_auto_supervision" if p.n % 2 == 0 else "answer_escalation", {}))  # type: ignore[arg-type]
    # Nothing may lie in the future of the seeding.
    p.steps = [(t, kind, kw) for t, kind, kw in steps if t is None or t < now - dt.timedelta(minutes=5)]


# ---- the replay ------------------------------------------------------------------------------------


class _Replay:
    """Runs the plans in time order with the clock set to each step, sweeping every morning."""

    def __init__(self, plans: list[_Order], items: dict[str, Any], now: dt.datetime, seed: int) -> None:
        self.plans, self.items, self.now, self.seed = plans, items, now, seed
        self.clock = now
        self.users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["wuhou", "litang", "ganzi", "admin", "hotline", "chengdu_sup", "citizen"]
            )
        }
        missing = {"wuhou", "hotline", "admin", "chengdu_sup", "citizen"} - set(self.users)
        if missing:
            raise RuntimeError(
                f"demo orders need the demo accounts {sorted(missing)}: run demo_users_ensure first"
            )
        self.staff_by_code = {"510107": self.users["wuhou"], "510000": self.users["admin"]}
        for username, code in (("litang", "513334"), ("ganzi", "513300")):
            if username in self.users:
                self.staff_by_code[code] = self.users[username]
        self.rng = random.Random(seed + 1)

    @contextmanager
    def _at(self, moment: dt.datetime) -> Iterator[None]:
        self.clock = moment
        with mock.patch.object(timezone, "now", lambda: moment):
            yield

    def run(self) -> None:
        from fawang.regions.models import Region

        wuhou_streets = list(
            Region.objects.filter(parent_id="510107").order_by("code").values_list("code", flat=True)
        )
        for p in self.plans:
            if p.region == "township-of-510107":
                p.region = self.rng.choice(wuhou_streets) if wuhou_streets else "510107"
            elif self.rng.random() < 0.4:
                streets = list(
                    Region.objects.filter(parent_id=p.region)
                    .order_by("code")
                    .values_list("code", flat=True)[:8]
                )
                if streets:
                    p.region = self.rng.choice(streets)
        self.regions = {r.code: r for r in Region.objects.filter(code__in={p.region for p in self.plans})}
        # Called with no arguments: `...` as mypy cannot infer a lambda with defaulted parameters
        # against `Callable[[], None]`.
        timeline: list[tuple[dt.datetime, int, Callable[..., None]]] = []
        for p in self.plans:
            timeline.append((p.submitted_at, 0, lambda p=p: self._submit(p)))
            for t, kind, kwargs in p.steps:
                if t is not None:
                    timeline.append((t, 1, lambda p=p, kind=kind, kwargs=kwargs: self._step(p, kind, kwargs)))
        d = timezone.localtime(min(t for t, _k, _f in timeline)).date() + dt.timedelta(days=1)
        while True:
            sweep_at = _local_at(d, 8, 30)
            if sweep_at >= self.now:
                break
            timeline.append((sweep_at, -1, lambda sweep_at=sweep_at: self._sweep(sweep_at)))
            d += dt.timedelta(days=1)
        timeline.sort(key=lambda e: (e[0], e[1]))
        # One transaction per simulated day: a commit per step would make SQLite sync to disk a
        # thousand times. Notices (sent on commit) carry the time of the day's last step.
        days: dict[dt.date, list[tuple[dt.datetime, Callable[[], None]]]] = {}
        for moment, _kind, action in timeline:
            days.setdefault(timezone.localtime(moment).date(), []).append((moment, action))
        # The routing index is rebuilt whenever the (simulated) date changes; the network does not
        # change during the replay, so one index, built now, serves every simulated day.
        from . import routing

        index = routing.get_routing_index()
        with mock.patch.object(routing, "get_routing_index", lambda: index):
            for actions in days.values():
                with self._at(actions[-1][0]), transaction.atomic():
                    for moment, action in actions:
                        with self._at(moment):
                            action()
            with transaction.atomic():
                self._sweep(self.now)

    # -- who does it --

    def _staff_for(self, path: str) -> User:
        """The member of staff who works an order sitting at `path`: the demo login of that county
        or prefecture, else a demo handler account made for it (no password: it cannot log in)."""
        codes = [c for c in path.split("/") if c]
        code = codes[2] if len(codes) >= 3 else codes[-1]
        user = self.staff_by_code.get(code)
        if user is None:
            user = self.staff_by_code[code] = _handler_account(code, self.seed)
        return user

    def _window_clerk(self, p: _Order) -> User:
        region = self.regions[p.region]
        return self._staff_for(region.path)

    # -- the steps --

    def _submit(self, p: _Order) -> None:
        from fawang.core.errors import DomainError

        from . import routing
        from .services import order_submit

        if p.first_contact is None:
            try:
                routing.route(
                    service_item=self.items[p.item], region=self.regions[p.region], language=p.language
                )
            except DomainError:
                # Not every prefecture has every kind of institution (judicial appraisal, for one):
                # the applicant asks the service point for advice instead.
                p.item = "consultation"
        if p.channel == Channel.HOTLINE:
            actor = self.users["hotline"]
        elif p.channel == Channel.WINDOW:
            actor = self._window_clerk(p)
        elif p.citizen:
            actor = self.users["citizen"]
        else:
            actor = None
        p.order = order_submit(
            actor=actor,
            channel=p.channel,
            service_item=self.items[p.item],
            region=self.regions[p.region],
            description=p.description,
            applicant_kind=p.applicant_kind,
            applicant_name="" if p.citizen else p.name,
            applicant_phone="" if p.citizen else p.phone,
            applicant_id_number=p.id_number,
            enterprise_name=p.enterprise[0] if p.enterprise else "",
            enterprise_credit_code=p.enterprise[1] if p.enterprise else "",
            language=p.language,
            priority_groups=p.priority_groups,
            resolved_at_first_contact=p.first_contact,
            now=self.clock,
        )

    def _step(self, p: _Order, kind: str, kwargs: dict[str, Any]) -> None:
        from fawang.feedback.models import Review
        from fawang.feedback.services import evaluation_submit, review_rectify, review_verify

        from . import services

        order = p.order
        assert order is not None
        order.refresh_from_db()
        handler = self._staff_for(order.handler_region_path)
        if kind == "accept":
            services.order_accept(actor=handler, order=order)
        elif kind == "start":
            services.order_start(actor=handler, order=order)
        elif kind == "suspend":
            services.order_suspend(
                actor=handler, order=order, reason=_SUSPEND_REASONS.get(p.item, _SUSPEND_DEFAULT)
            )
        elif kind == "resume":
            services.order_resume(actor=handler, order=order, reason="申请人已补齐材料。")
        elif kind == "resolve":
            # The workflow's own way: a legal aid case closes through its case log with an outcome
            # and the closing materials (docs/adr/0022), any other order by the shared resolve.
            services.order_resolve_by_workflow(
                actor=handler,
                order=order,
                resolution=self.rng.choice(_RESOLUTIONS[p.item]),
                details=_RESOLVE_DETAILS.get(p.item),
                now=self.clock,
            )
        elif kind == "reject":
            reason = (
                "该纠纷已进入诉讼程序，不属于人民调解受理范围，已告知当事人。"
                if p.item == "mediation"
                else "投诉事项不属于司法行政机关管辖，已告知向有关部门反映。"
            )
            services.order_reject(actor=handler, order=order, reason=reason)
        elif kind == "transfer":
            services.order_transfer(
                actor=handler,
                order=order,
                reason="当事人一方住所地在外区县，转市州统筹办理。",
                to_level="prefecture",
            )
        elif kind == "rate":
            level = kwargs["level"]
            comment = self.rng.choice(_COMMENTS[level])
            if order.channel in (Channel.HOTLINE, Channel.WINDOW):
                # Rated on the return-visit call or on the window's evaluation pad.
                rater = self.users["hotline"] if order.channel == Channel.HOTLINE else self._window_clerk(p)
                evaluation_submit(
                    actor=rater, order=order, level=level, comment=comment, channel=order.channel
                )
            elif p.citizen:
                evaluation_submit(
                    actor=self.users["citizen"],
                    order=order,
                    level=level,
                    comment=comment,
                    channel=order.channel,
                )
            else:
                evaluation_submit(
                    actor=None,
                    order=order,
                    level=level,
                    comment=comment,
                    channel=order.channel,
                    phone=p.phone,
                )
        elif kind == "rectify":
            review = Review.objects.filter(order=order).order_by("-created_at").first()
            if review is not None:
                review_rectify(
                    actor=handler,
                    review=review,
                    rectification="已约谈承办人，重新联系申请人当面说明处理情况，并明确了后续办理时限。",
                    findings="承办人答复不够具体，未及时回访。",
                )
        elif kind == "verify":
            review = Review.objects.filter(order=order).order_by("-created_at").first()
            if review is not None:
                review_verify(
                    actor=self.users["chengdu_sup"], review=review, accepted=True, note="整改到位，同意销号。"
                )
        elif kind == "supervise":
            services.supervision_issue(
                actor=self.users["chengdu_sup"],
                order=order,
                reason="办理进度缓慢，请于期限内报告办理情况。",
                # A supervisor's deadline is a working day (the service refuses a rest day).
                deadline=dt.datetime.combine(
                    add_working_days(self.clock.astimezone(TZ).date(), 5)[0], dt.time(17, 30), tzinfo=TZ
                ),
                now=self.clock,
            )

    def _sweep(self, moment: dt.datetime) -> None:
        from fawang.feedback.sweep import feedback_close_unrated

        from .services import supervision_answer
        from .sweep import sweep_deadlines

        with self._at(moment):
            sweep_deadlines(now=moment)
            feedback_close_unrated(now=moment)
        # Watchers: some supervision orders get answered the working day after they were issued
        # (the county answers its automatic one; the province answers an escalation), so the
        # supervisors see answered, open and escalated ones side by side.
        answer_at = moment + dt.timedelta(hours=2)
        if answer_at >= self.now:
            return
        for p in self.plans:
            wants = [kind for _t, kind, _kw in p.steps if kind.startswith("answer_")]
            if not wants or p.order is None:
                continue
            want = wants[0]
            open_ones = SupervisionOrder.objects.filter(order=p.order, status=SupervisionStatus.OPEN)
            supervision = None
            if want == "answer_auto_supervision":
                supervision = open_ones.filter(
                    parent__isnull=True, created_at__lt=moment - dt.timedelta(hours=20)
                ).first()
                actor = self._staff_for(p.order.handler_region_path)
                response = "已督促承办人加快办理，预计三个工作日内办结。"
            else:
                supervision = open_ones.filter(
                    parent__isnull=False, created_at__lt=moment - dt.timedelta(hours=20)
                ).first()
                actor = self.users["admin"]
                response = "已约谈承办单位负责人，责令限期办结并报告结果。"
            if supervision is not None:
                with self._at(answer_at):
                    supervision_answer(actor=actor, supervision=supervision, response=response, now=answer_at)


def _handler_account(code: str, seed: int) -> User:
    """A member of staff for a county or prefecture without a demo login, who accepts and resolves
    the demo orders there. No usable password: nobody logs in as them."""
    from fawang.network.models import ServicePoint
    from fawang.regions.models import Region

    username = f"demo_staff_{code}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    region = Region.objects.get(code=code)
    rng = random.Random(f"{seed}-{code}")
    prefecture = region.level == "prefecture"
    user = User(
        username=username,
        display_name=f"{region.name}中心 {rng.choice(_SURNAMES)}{rng.choice(_GIVEN)}",
        kind=UserKind.STAFF,
        jurisdiction_region=region,
        service_point=ServicePoint.objects.filter(code=f"SP-{code}").first(),
    )
    user.set_unusable_password()
    user.save()
    roles = [Role.PREFECTURE_STAFF] if prefecture else [Role.COUNTY_STAFF, Role.WINDOW_CLERK]
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
    return User.objects.get(pk=user.pk)  # fresh, so its cached role set is read from the rows
