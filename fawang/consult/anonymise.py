"""Personal details out of free text: resident ID numbers, phone numbers, bank cards, e-mail
addresses, street addresses and the names we can find. One function serves both uses of issue 13:
masking a question before anyone but its answering lawyer reads it, and anonymising an answer
before it is published to the knowledge base (docs/adr/0026).

Hand-written rules, not a model: no maintained Chinese NER library ships in our dependencies
without a download at run time, and the numbers (the case that matters most) are exact patterns.
Names are found only where the text says it is a name (我叫 …, 姓名 …, 法人 …, 原告 …, X女士);
a bare name in running text is not detected. The test runs real questions from
`legal_qa.jsonl` (fixtures with their source line)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

ID_NUMBER = "【身份证号】"
PHONE = "【电话】"
BANK_CARD = "【银行卡号】"
EMAIL = "【邮箱】"
ADDRESS = "【地址】"
NAME = "某"  # 张三 → 张某 where the surname is plain; a name of unknown shape → 某某

_HAN = "\u4e00-\u9fff"
_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{6}\s?(?:19|20)\d{2}\s?\d{4}\s?\d{3}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[\s-]\d{7,8}(?!\d)|(?<!\d)0\d{2,3}\d{7,8}(?!\d)")
_CARD = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ADDRESS_UNITS = (
    r"(?:\d+|[一二三四五六七八九十]+)\s*(?:号楼|号院|栋|幢|号|组|社)(?:\s*\d+\s*(?:单元|号|楼|层|室|户))*"
)
_ADDRESS = re.compile(
    rf"(?<=[区县市镇乡于在到至])[{_HAN}]{{1,12}}?(?:路|街|巷|大道|小区|花园|公寓|苑|村)[{_HAN}\d]{{0,10}}?{_ADDRESS_UNITS}"
    r"|\d+\s*(?:栋|幢|号楼)\s*\d+\s*(?:单元|室|户)(?:\s*\d+\s*(?:单元|号|楼|层|室|户))*"
)
# Words after which a name follows, and what cannot be part of one.
# Cues that say a name follows (any name), and roles after which a name often follows (only a name
# that starts with a common surname, or two names joined by 和 the second of which does: a role is
# more often followed by a verb, 原告要求…, 出借人主张…).
_NAME_CUES = "我叫|本人叫|名叫|姓名[：:是为]"
_ROLE_CUES = "法人代表|法定代表人|法人|负责人|原告|被告|申请人|被申请人|当事人|租户|房东|债务人|借款人|出借人"
_CUES = f"{_NAME_CUES}|{_ROLE_CUES}"
_STOP = "我你他她它们是的了在于和与及、把被向给对从说叫到也都就还又很请问吗呢吧啊不没要已拒欠让去来找打拖将做"
_STOP += "，。,.！？!?（）() 0-9"
# A name is taken after a cue only when a boundary follows it (punctuation, 和/与, 诉称, 的 ...): "原告
# 王小明诉称" is a name, "原告要求对方还钱" is not.
_BOUNDARY = r"(?=[，。、,.;；:：！？!?（）()“”\"'\s和与及诉称说是的等向于因为在俩倆两]|$)"
_NAME = rf"[{_HAN}](?:(?![{_STOP}])[{_HAN}]){{1,2}}{_BOUNDARY}"
_NAME_AFTER_CUE = re.compile(rf"(?P<cue>{_CUES})(?P<name>(?![{_STOP}]){_NAME})")
_IS_NAME_CUE = re.compile(rf"^(?:{_NAME_CUES})$")
_NAME_AND = re.compile(rf"^(?P<sep>[和与、])(?P<name>(?![{_STOP}]){_NAME})")
_SURNAMES = (
    "张王李赵刘陈杨黄吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢傅钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# 吴女士, 张先生; 王律师 only when greeted (王律师您好), not 20万律师费 or 对方打律师函.
_TITLED = re.compile(
    rf"(?<![{_HAN}0-9])(?P<surname>[{_SURNAMES}])(?P<given>[{_HAN}]?)"
    rf"(?P<title>先生|女士|小姐|师傅|律师(?=[你您]好|[，,：:！!\s]))"
)
# Words that look like a name after a cue but are not one.
_NOT_NAMES = {"单位", "公司", "老板", "法院", "对方", "自己", "本人", "家人", "孩子", "一方", "双方", "某某"}


@dataclass
class Cleaned:
    text: str
    found: list[str] = field(default_factory=list)  # the kinds removed, in order: "id_number", ...

    @property
    def changed(self) -> bool:
        return bool(self.found)


def _name_mask(name: str) -> str:
    return (name[0] + NAME) if name[0] in _SURNAMES else NAME * 2


def anonymise(text: str, *, names: Sequence[str] = ()) -> Cleaned:
    """The text with personal details replaced by placeholders, and what was replaced. `names`: the
    people we know the text may name (the asker, as the order records them), removed wherever they
    appear, cue or not (陈明您好 in a lawyer's answer)."""
    found: list[str] = []

    def sub(pattern: re.Pattern[str], placeholder: str, kind: str, value: str) -> str:
        def repl(_m: re.Match[str]) -> str:
            found.append(kind)
            return placeholder

        return pattern.sub(repl, value)

    out = sub(_EMAIL, EMAIL, "email", text or "")
    out = sub(_ID, ID_NUMBER, "id_number", out)
    out = sub(_MOBILE, PHONE, "phone", out)
    out = sub(_LANDLINE, PHONE, "phone", out)
    out = sub(_CARD, BANK_CARD, "bank_card", out)
    out = sub(_ADDRESS, ADDRESS, "address", out)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        if name in out:
            found.append("name")
            out = out.replace(name, _name_mask(name))
    out = _names(out, found)
    return Cleaned(out, found)


def _names(text: str, found: list[str]) -> str:
    parts: list[str] = []
    pos = 0
    for m in _NAME_AFTER_CUE.finditer(text):
        if m.start() < pos:
            continue
        name = m.group("name")
        if name in _NOT_NAMES or name[:2] in _NOT_NAMES:
            continue
        if not _IS_NAME_CUE.match(m.group("cue")) and name[0] not in _SURNAMES:
            second = _NAME_AND.match(text[m.end("name") :])
            if second is None or second.group("name")[0] not in _SURNAMES:
                continue
        parts.append(text[pos : m.start("name")])
        parts.append(_name_mask(name))
        found.append("name")
        pos = m.end("name")
        # 租户琚路德和江卫影: the second of two names joined by 和 / 与 / 、
        while (more := _NAME_AND.match(text[pos:])) and more.group("name")[0] in _SURNAMES:
            parts.append(more.group("sep") + _name_mask(more.group("name")))
            found.append("name")
            pos += more.end()
    parts.append(text[pos:])
    out = "".join(parts)

    def titled(m: re.Match[str]) -> str:
        found.append("name")
        return NAME + m.group("title")

    return _TITLED.sub(titled, out)


def mask(text: str, *, names: Sequence[str] = ()) -> str:
    """What staff other than the answering lawyer read of a question or follow-up."""
    return anonymise(text, names=names).text


def only_personal_numbers(text: str) -> bool:
    """A question that is nothing but an ID or phone number (and punctuation): nothing to answer."""
    rest = re.sub(r"【[^】]*】|[\s\W_]", "", anonymise(text).text)
    return not rest and bool(anonymise(text).found)
