"""Legal aid's choices, stages, verbs, event kinds and error codes (法律援助法, 2021)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WORKFLOW = "legal_aid"  # the workflow code, the catalog item's `workflow`, the API's /api/v1/legal_aid/


class MatterType(models.TextChoices):
    """The report categories of legal aid matters (刑事、民事、行政、国家赔偿、其他)."""

    CRIMINAL = "criminal", pgettext_lazy("legal aid matter", "Criminal")
    CIVIL = "civil", pgettext_lazy("legal aid matter", "Civil")
    ADMINISTRATIVE = "administrative", pgettext_lazy("legal aid matter", "Administrative")
    STATE_COMPENSATION = "state_compensation", pgettext_lazy("legal aid matter", "State compensation")
    OTHER = "other", pgettext_lazy("legal aid matter", "Other")


class Matter(models.TextChoices):
    """What is claimed, where the law names it: art. 31 (with the hardship test), art. 32 (without),
    and matters a region's negative list may name. Blank: not one of these."""

    # art. 31 (二)(五): with the hardship test
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance or social assistance benefits")
    MAINTENANCE = "maintenance", _("Support or maintenance payments")
    WAGES = "wages", _("Wages or confirmation of an employment relationship")
    WORK_INJURY = "work_injury", _("Compensation for a work injury")
    # art. 32: no hardship test
    HERO_RELATIVES = "hero_relatives", _("Protecting the honour of a hero or martyr (close relative)")
    GOOD_SAMARITAN = "good_samaritan", _("Rights arising from an act of bravery for others")
    RETRIAL_COMPENSATION = "retrial_compensation", _("State compensation after acquittal on retrial")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Abuse, abandonment or domestic violence")
    # commonly on a region's negative list
    COMMERCIAL = "commercial", _("Commercial dispute between businesses")


# 法律援助法第三十二条: no hardship test for these matters.
NO_HARDSHIP_TEST = frozenset(
    {Matter.HERO_RELATIVES, Matter.GOOD_SAMARITAN, Matter.RETRIAL_COMPENSATION, Matter.DOMESTIC_VIOLENCE}
)


class StatusGroup(models.TextChoices):
    """Groups whose hardship check is waived on proof of status (法律援助法第四十二条)."""

    NO_INCOME_MINOR_ELDERLY_DISABLED = (
        "no_income",
        _("Minor, elderly or disabled person without fixed income"),
    )
    SOCIAL_ASSISTANCE = "social_assistance", _("Recipient of social or judicial assistance or special care")
    MIGRANT_WORKER = "migrant_worker", _("Migrant worker")


class Urgency(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("legal aid urgency", "Normal")
    # 法律援助法第四十四条: a limitation period ends within seven days, or preservation is needed now
    URGENT = "urgent", pgettext_lazy("legal aid urgency", "Urgent (art. 44)")


class Stage(models.TextChoices):
    """Legal aid's stages inside the shared statuses (the order's `stage`)."""

    MATERIALS_REQUESTED = "materials_requested", pgettext_lazy("legal aid stage", "Materials requested")
    NOTICE_RECEIVED = "notice_received", pgettext_lazy("legal aid stage", "Criminal case notice received")
    APPROVED = "approved", pgettext_lazy("legal aid stage", "Legal aid granted")
    REFUSED = "refused", pgettext_lazy("legal aid stage", "Legal aid refused")
    OBJECTION_REVIEW = "objection_review", pgettext_lazy("legal aid stage", "Objection under review")
    ASSIGNED = "assigned", pgettext_lazy("legal aid stage", "Assigned")
    HANDLING = "handling", pgettext_lazy("legal aid stage", "Handling")
    CLOSING = "closing", pgettext_lazy("legal aid stage", "Closing")


class Action(models.TextChoices):
    START_URGENTLY = "legal_aid_start_urgently", pgettext_lazy("order action", "Start before formalities")
    ASSIGN = "legal_aid_assign", pgettext_lazy("order action", "Assign")
    # taken by the platform at intake when the application is a criminal case notice (art. 36)
    RECEIVE_NOTICE = (
        "legal_aid_receive_notice",
        pgettext_lazy("order action", "Receive a criminal case notice"),
    )
    OBJECT = "legal_aid_object", pgettext_lazy("order action", "Record an objection")
    UPHOLD_OBJECTION = "legal_aid_uphold_objection", pgettext_lazy("order action", "Uphold the objection")
    DISMISS_OBJECTION = "legal_aid_dismiss_objection", pgettext_lazy("order action", "Dismiss the objection")
    # Assignment (法律援助法第四十三条、第四十六条): the assignee answers, the centre reassigns.
    ACCEPT_ASSIGNMENT = "legal_aid_accept_assignment", pgettext_lazy("order action", "Accept the assignment")
    DECLINE_ASSIGNMENT = (
        "legal_aid_decline_assignment",
        pgettext_lazy("order action", "Decline the assignment"),
    )
    REASSIGN = "legal_aid_reassign", pgettext_lazy("order action", "Reassign")


class EventKind(models.TextChoices):
    APPROVED = "legal_aid_approved", pgettext_lazy("order event", "Legal aid granted")
    REFUSED = "legal_aid_refused", pgettext_lazy("order event", "Legal aid refused")
    URGENT_STARTED = "legal_aid_urgent_started", pgettext_lazy("order event", "Legal aid started first")
    CRIMINAL_NOTICE = "legal_aid_criminal_notice", pgettext_lazy("order event", "Criminal case notice")
    ASSIGNED = "legal_aid_assigned", pgettext_lazy("order event", "Legal aid lawyer assigned")
    OBJECTION_FILED = "legal_aid_objection_filed", pgettext_lazy("order event", "Objection filed")
    OBJECTION_UPHELD = "legal_aid_objection_upheld", pgettext_lazy("order event", "Objection upheld")
    OBJECTION_DISMISSED = "legal_aid_objection_dismissed", pgettext_lazy("order event", "Objection dismissed")
    ASSIGNMENT_ACCEPTED = (
        "legal_aid_assignment_accepted",
        pgettext_lazy("order event", "Legal aid lawyer accepted the case"),
    )
    ASSIGNMENT_DECLINED = (
        "legal_aid_assignment_declined",
        pgettext_lazy("order event", "Legal aid lawyer declined the case"),
    )
    REASSIGNED = "legal_aid_reassigned", pgettext_lazy("order event", "Legal aid lawyer changed")


class ErrorCode(models.TextChoices):
    NOTICE_NOT_CRIMINAL = "legal_aid_notice_not_criminal"
    STANDARD_OVERLAPS = "legal_aid_standard_overlaps"
    REGION_NOT_PREFECTURE = "legal_aid_region_not_prefecture"
    DATES_REVERSED = "legal_aid_dates_reversed"
    NOT_LEGAL_AID = "legal_aid_not_legal_aid"
    PRACTITIONER_NOT_SUGGESTED = "legal_aid_practitioner_not_suggested"
    PRACTITIONER_EXCLUDED = "legal_aid_practitioner_excluded"
    NO_CANDIDATE = "legal_aid_no_candidate"
    NOT_THE_ASSIGNEE = "legal_aid_not_the_assignee"
    CONFLICT_PARTY_REQUIRED = "legal_aid_conflict_party_required"


# ---- subsidies and funds (issue 11 item 7; 法律援助法第五十二条) ----------------------------------------


class SubsidyStage(models.TextChoices):
    """How far the case went: the subsidy standard pays per matter type and stage reached."""

    NON_LITIGATION = "non_litigation", pgettext_lazy("legal aid stage reached", "Non-litigation or mediation")
    ARBITRATION = "arbitration", pgettext_lazy("legal aid stage reached", "Arbitration")
    INVESTIGATION = "investigation", pgettext_lazy("legal aid stage reached", "Investigation")
    PROSECUTION = "prosecution", pgettext_lazy("legal aid stage reached", "Review for prosecution")
    FIRST_INSTANCE = "first_instance", pgettext_lazy("legal aid stage reached", "First instance")
    SECOND_INSTANCE = "second_instance", pgettext_lazy("legal aid stage reached", "Second instance")


# The stages a matter type can reach (a criminal defence is paid per procedural stage; the other
# matters per forum).
STAGES_FOR_MATTER: dict[str, frozenset[str]] = {
    MatterType.CRIMINAL: frozenset(
        {
            SubsidyStage.INVESTIGATION,
            SubsidyStage.PROSECUTION,
            SubsidyStage.FIRST_INSTANCE,
            SubsidyStage.SECOND_INSTANCE,
        }
    ),
    **{
        matter: frozenset(
            {
                SubsidyStage.NON_LITIGATION,
                SubsidyStage.ARBITRATION,
                SubsidyStage.FIRST_INSTANCE,
                SubsidyStage.SECOND_INSTANCE,
            }
        )
        for matter in (
            MatterType.CIVIL,
            MatterType.ADMINISTRATIVE,
            MatterType.STATE_COMPENSATION,
            MatterType.OTHER,
        )
    },
}


class SubsidyStatus(models.TextChoices):
    COMPUTED = "computed", pgettext_lazy("subsidy status", "Computed")  # from the standard; adjustable
    APPROVED = "approved", pgettext_lazy("subsidy status", "Approved")  # charged to a fund source
    PAID = "paid", pgettext_lazy("subsidy status", "Paid")  # paid to the legal aid worker
    REJECTED = "rejected", pgettext_lazy("subsidy status", "Rejected")  # with a written reason


class AdjustmentKind(models.TextChoices):
    ADDITION = "addition", pgettext_lazy("subsidy adjustment", "Addition")
    DEDUCTION = "deduction", pgettext_lazy("subsidy adjustment", "Deduction")


class FundSourceKind(models.TextChoices):
    """Where legal aid money comes from: the government's budget (法律援助法第四条), the central lottery
    public-welfare fund's legal aid projects, and donors' projects (第九条)."""

    LOCAL_BUDGET = "local_budget", pgettext_lazy("fund source", "Local government budget")
    CENTRAL_LOTTERY = "central_lottery", pgettext_lazy("fund source", "Central lottery public-welfare fund")
    FOUNDATION = "foundation", pgettext_lazy("fund source", "Foundation project")


class LedgerAccount(models.TextChoices):
    """The accounts of the funds ledger. Every ledger row debits one and credits another by the same
    amount, so every selection of rows balances; an account's balance is its debits less its credits."""

    FUND_INCOME = "fund_income", pgettext_lazy("ledger account", "Funds received")  # credit side
    SOURCE_UNALLOCATED = "source_unallocated", pgettext_lazy("ledger account", "Not yet allocated")
    CENTRE_FUNDS = "centre_funds", pgettext_lazy("ledger account", "Centre funds")
    SUBSIDY_PAYABLE = "subsidy_payable", pgettext_lazy("ledger account", "Subsidies approved, unpaid")
    SUBSIDY_EXPENSE = "subsidy_expense", pgettext_lazy("ledger account", "Subsidy expense")


# Accounts kept per centre: a row on them names its centre (a database check).
CENTRE_ACCOUNTS = (LedgerAccount.CENTRE_FUNDS, LedgerAccount.SUBSIDY_PAYABLE, LedgerAccount.SUBSIDY_EXPENSE)


class PostingKind(models.TextChoices):
    RECEIPT = "receipt", pgettext_lazy("ledger posting", "Funds received")
    ALLOCATION = "allocation", pgettext_lazy("ledger posting", "Allocated to a centre")
    APPROVAL = "approval", pgettext_lazy("ledger posting", "Subsidy approved")
    PAYMENT = "payment", pgettext_lazy("ledger posting", "Subsidy paid")
    REVERSAL = "reversal", pgettext_lazy("ledger posting", "Approval reversed")


class SubsidyErrorCode(models.TextChoices):
    STANDARD_OVERLAPS = "legal_aid_subsidy_standard_overlaps"
    DATES_REVERSED = "legal_aid_dates_reversed"
    STAGE_NOT_FOR_MATTER = "legal_aid_stage_not_for_matter"
    CASE_NOT_CLOSED = "legal_aid_case_not_closed"
    NO_CENTRE = "legal_aid_case_has_no_centre"
    NO_MATTER_TYPE = "legal_aid_case_has_no_matter_type"
    NO_STANDARD = "legal_aid_no_subsidy_standard"
    ALREADY_COMPUTED = "legal_aid_subsidy_exists"
    WRONG_STATE = "legal_aid_subsidy_wrong_state"
    NEGATIVE_TOTAL = "legal_aid_subsidy_negative"
    FUNDS_SHORT = "legal_aid_funds_insufficient"
    SOURCE_OUTSIDE = "legal_aid_fund_source_out_of_reach"
    FOUR_EYES = (
        "legal_aid_subsidy_four_eyes"  # the approver is not who computed it, the payer not the approver
    )


class AssignmentState(models.TextChoices):
    """One assignment of a legal aid case to a practitioner (法律援助法第四十三条、第四十六条)."""

    PENDING = "pending", pgettext_lazy("assignment state", "Waiting for the answer")  # assigned, not answered
    ACCEPTED = "accepted", pgettext_lazy("assignment state", "Accepted")  # the assignee took the case
    DECLINED = "declined", pgettext_lazy("assignment state", "Declined")  # back to the centre, with a reason
    REPLACED = "replaced", pgettext_lazy("assignment state", "Replaced")  # the centre reassigned the case


class DutyHost(models.TextChoices):
    """Where a duty-lawyer station (值班律师工作站) sits (法律援助法第十四条)."""

    COURT = "court", pgettext_lazy("duty station host", "People's court")
    PROCURATORATE = "procuratorate", pgettext_lazy("duty station host", "People's procuratorate")
    DETENTION_CENTRE = "detention_centre", pgettext_lazy("duty station host", "Detention centre")


# ---- case log, closing and quality review (issue 11, items 5 and 6) --------------------------------


class LogEntryKind(models.TextChoices):
    """What the assigned practitioner or the centre records while handling a case."""

    MEETING = "meeting", pgettext_lazy("case log entry", "Meeting")
    HEARING = "hearing", pgettext_lazy("case log entry", "Hearing")
    DOCUMENT_FILED = "document_filed", pgettext_lazy("case log entry", "Document filed")
    PHONE_CALL = "phone_call", pgettext_lazy("case log entry", "Phone call")
    OTHER = "other", pgettext_lazy("case log entry", "Other")


class CaseOutcome(models.TextChoices):
    """How a legal aid case ended (结案): the report categories."""

    WON = "won", pgettext_lazy("case outcome", "Won")
    PARTLY_WON = "partly_won", pgettext_lazy("case outcome", "Partly won")
    LOST = "lost", pgettext_lazy("case outcome", "Lost")
    MEDIATED = "mediated", pgettext_lazy("case outcome", "Settled by mediation")
    WITHDRAWN = "withdrawn", pgettext_lazy("case outcome", "Withdrawn")
    # 法律援助法第四十八条: the centre decides to end the aid, for one of its reasons below
    TERMINATED = "terminated", pgettext_lazy("case outcome", "Aid terminated (art. 48)")


class TerminationReason(models.TextChoices):
    """法律援助法第四十八条第一款 (一)至(八): the reasons the centre ends legal aid."""

    DECEPTION = "deception", _("(1) Aid obtained by deception or other improper means")
    CONCEALMENT = "concealment", _("(2) Important facts concealed or false evidence given")
    UNLAWFUL_USE = "unlawful_use", _("(3) Aid used for unlawful activities")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("(4) Economic situation changed: no longer eligible")
    PROCEEDINGS_ENDED = "proceedings_ended", _("(5) Proceedings terminated or the case withdrawn")
    OWN_LAWYER = "own_lawyer", _("(6) The aided person instructed a lawyer or agent of their own")
    AIDED_PERSON_ASKED = "aided_person_asked", _("(7) The aided person asked to end it for good reason")
    OTHER_LAW = "other_law", _("(8) Another case provided by laws and regulations")


class ClosingMaterial(models.TextChoices):
    """What the practitioner hands in when the matter ends (法律援助法第五十条: copies of the legal
    documents and a report on how it was handled)."""

    DOCUMENT_COPIES = "document_copies", _("Copies of the legal documents")
    HANDLING_REPORT = "handling_report", _("Report on the handling of the case")
    JUDGMENT = "judgment", _("Judgment, ruling or mediation agreement")
    OTHER = "other", pgettext_lazy("closing material", "Other")


class ReviewerKind(models.TextChoices):
    """Who scores a sampled case in the quality review (评查)."""

    REVIEWER = "reviewer", pgettext_lazy("quality review", "Reviewer")
    PEER = "peer", pgettext_lazy("quality review", "Peer")


class CaseLogAction(models.TextChoices):
    CLOSE_CASE = "legal_aid_close_case", pgettext_lazy("order action", "Close the case")
    FILE_CLOSING = "legal_aid_file_closing", pgettext_lazy("order action", "File the closing materials")


class CaseLogEvent(models.TextChoices):
    LOG_ENTRY = "legal_aid_log_entry", pgettext_lazy("order event", "Case log entry")
    CASE_CLOSED = "legal_aid_case_closed", pgettext_lazy("order event", "Legal aid case closed")
    QUALITY_REVIEWED = "legal_aid_quality_reviewed", pgettext_lazy("order event", "Quality review scored")


class CaseLogError(models.TextChoices):
    NOT_LEGAL_AID = "legal_aid_not_legal_aid"
    REASON_NEEDED = "legal_aid_termination_reason_needed"
    REASON_NOT_TERMINATED = "legal_aid_termination_reason_unused"
    WHEN_IN_FUTURE = "legal_aid_log_in_future"
    NO_CLOSED_CASES = "legal_aid_no_closed_cases"
    SAMPLE_EXISTS = "legal_aid_sample_exists"
    NOT_SAMPLED = "legal_aid_not_sampled"
    OWN_CASE = "legal_aid_own_case"
    ALREADY_SCORED = "legal_aid_already_scored"


# ---- cross-region cooperation (异地协作; issue 11 item 8, docs/adr/0018 addendum, 0022) -------------

COOPERATION_WORKFLOW = "legal_aid_cooperation"  # the workflow code and the hidden catalog item's code


class CooperationKind(models.TextChoices):
    """What one centre asks of another region's centre."""

    TAKE_APPLICATION = "take_application", _("Take the application")
    GATHER_EVIDENCE = "gather_evidence", _("Gather evidence")


class CooperationStage(models.TextChoices):
    """The request's stages: requested (submitted, no stage yet), taken, done, declined."""

    TAKEN = "cooperation_taken", pgettext_lazy("cooperation stage", "Taken")
    DONE = "cooperation_done", pgettext_lazy("cooperation stage", "Done")
    DECLINED = "cooperation_declined", pgettext_lazy("cooperation stage", "Declined")
    WITHDRAWN = "cooperation_withdrawn", pgettext_lazy("cooperation stage", "Withdrawn")


class CooperationAction(models.TextChoices):
    TAKE = "legal_aid_cooperation_take", pgettext_lazy("order action", "Take the request")
    DECLINE = "legal_aid_cooperation_decline", pgettext_lazy("order action", "Decline the request")
    REPORT_DONE = "legal_aid_cooperation_report_done", pgettext_lazy("order action", "Report it done")
    WITHDRAW = "legal_aid_cooperation_withdraw", pgettext_lazy("order action", "Withdraw the request")


class CooperationEvent(models.TextChoices):
    TAKEN = "legal_aid_cooperation_taken", pgettext_lazy("order event", "Cooperation request taken")
    DECLINED = "legal_aid_cooperation_declined", pgettext_lazy("order event", "Cooperation request declined")
    DONE = "legal_aid_cooperation_done", pgettext_lazy("order event", "Cooperation request done")
    WITHDRAWN = (
        "legal_aid_cooperation_withdrawn",
        pgettext_lazy("order event", "Cooperation request withdrawn"),
    )


class CooperationError(models.TextChoices):
    DEADLINE_PAST = "legal_aid_cooperation_deadline_past"
    DEADLINE_TOO_FAR = "legal_aid_cooperation_deadline_too_far"
    OWN_CENTRE = "legal_aid_cooperation_own_centre"
    CENTRE_UNKNOWN = "legal_aid_cooperation_centre_unknown"
    APPLICATION_UNKNOWN = "legal_aid_cooperation_application_unknown"
    NO_CENTRE = "legal_aid_cooperation_application_has_no_centre"
    NOT_REQUESTER = "legal_aid_cooperation_not_requester"
