"""The knowledge base's choices and error codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntryKind(models.TextChoices):
    """What a knowledge-base entry is."""

    QA = "qa", _("Question and answer")  # imported from a public data set, answered by a person
    CONSULTATION = "consultation", _("Published consultation")  # a duty lawyer's answer, reviewed, anonymised
    GUIDE = "guide", _("Staff guide")  # written by platform staff


class Domain(models.TextChoices):
    """The 20 categories Chinese legal consultation sites use (LawBench task 2-4, labeled_dev.csv)."""

    MARRIAGE_FAMILY = "marriage_family", pgettext_lazy("legal domain", "Marriage and family")  # 婚姻家庭
    LABOUR = "labour", pgettext_lazy("legal domain", "Labour dispute")  # 劳动纠纷
    TRAFFIC = "traffic", pgettext_lazy("legal domain", "Traffic accident")  # 交通事故
    DEBT = "debt", pgettext_lazy("legal domain", "Debts")  # 债权债务
    CRIMINAL = "criminal", pgettext_lazy("legal domain", "Criminal defence")  # 刑事辩护
    CONTRACT = "contract", pgettext_lazy("legal domain", "Contract dispute")  # 合同纠纷
    REAL_ESTATE = "real_estate", pgettext_lazy("legal domain", "Housing and property")  # 房产纠纷
    TORT = "tort", pgettext_lazy("legal domain", "Tort")  # 侵权
    COMPANY = "company", pgettext_lazy("legal domain", "Company law")  # 公司法
    MEDICAL = "medical", pgettext_lazy("legal domain", "Medical dispute")  # 医疗纠纷
    DEMOLITION = "demolition", pgettext_lazy("legal domain", "Demolition and resettlement")  # 拆迁安置
    ADMINISTRATIVE = "administrative", pgettext_lazy("legal domain", "Administrative litigation")  # 行政诉讼
    CONSTRUCTION = "construction", pgettext_lazy("legal domain", "Construction projects")  # 建设工程
    IP = "ip", pgettext_lazy("legal domain", "Intellectual property")  # 知识产权
    GENERAL = "general", pgettext_lazy("legal domain", "General enquiry")  # 综合咨询
    PERSONAL_INJURY = "personal_injury", pgettext_lazy("legal domain", "Personal injury")  # 人身损害
    FOREIGN = "foreign", pgettext_lazy("legal domain", "Foreign-related law")  # 涉外法律
    MARITIME = "maritime", pgettext_lazy("legal domain", "Maritime and shipping")  # 海事海商
    CONSUMER = "consumer", pgettext_lazy("legal domain", "Consumer rights")  # 消费权益
    SECURITY = "security", pgettext_lazy("legal domain", "Mortgages and guarantees")  # 抵押担保


# The Chinese category names of labeled_dev.csv, for the benchmark and the import.
DOMAIN_BY_CHINESE = {
    "婚姻家庭": Domain.MARRIAGE_FAMILY,
    "劳动纠纷": Domain.LABOUR,
    "交通事故": Domain.TRAFFIC,
    "债权债务": Domain.DEBT,
    "刑事辩护": Domain.CRIMINAL,
    "合同纠纷": Domain.CONTRACT,
    "房产纠纷": Domain.REAL_ESTATE,
    "侵权": Domain.TORT,
    "公司法": Domain.COMPANY,
    "医疗纠纷": Domain.MEDICAL,
    "拆迁安置": Domain.DEMOLITION,
    "行政诉讼": Domain.ADMINISTRATIVE,
    "建设工程": Domain.CONSTRUCTION,
    "知识产权": Domain.IP,
    "综合咨询": Domain.GENERAL,
    "人身损害": Domain.PERSONAL_INJURY,
    "涉外法律": Domain.FOREIGN,
    "海事海商": Domain.MARITIME,
    "消费权益": Domain.CONSUMER,
    "抵押担保": Domain.SECURITY,
}


class AnswerOrigin(models.TextChoices):
    """Who wrote an entry's answer. Machine-written answers are never imported (issue 13)."""

    LECOQA = "human_lecoqa", _("Human answer (LeCoQA data set)")
    LAWYER_SITE = "human_lawyer_site", _("Lawyer's answer (legal Q&A website)")
    DUTY_LAWYER = "duty_lawyer", _("Duty lawyer's answer, reviewed")
    STAFF = "staff", _("Written by platform staff")


class ErrorCode(models.TextChoices):
    QUERY_TOO_LONG = "query_too_long", _("The search text is too long.")
    TEXT_REQUIRED = "text_required", _("Type the question.")
    TEXT_TOO_LONG = "text_too_long", _("The question is too long.")
    ANSWER_REQUIRED = "answer_required", _("The answer is empty.")
    UNKNOWN_ARTICLE = "unknown_article", _("No such statute article.")


class GuideStatus(models.TextChoices):
    """A staff guide's review state: written, sent for review, published (a reviewer other than the
    author approved it); a returned guide is a draft again with the reviewer's note."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Waiting for review")
    PUBLISHED = "published", _("Published")
