"""Back office: ratings (好差评) and the reviews of bad ratings, to look things up; read-only and scoped
through their order like the order admin (`fawang.orders.admin`)."""

from __future__ import annotations

from django.contrib import admin

from fawang.orders.admin import OrderRowsAdmin

from .models import Evaluation, Review


@admin.register(Evaluation)
class EvaluationAdmin(OrderRowsAdmin):
    list_display = ("created_at", "order", "round", "level", "channel", "on_behalf", "counts_in_statistics")
    list_filter = ("level", "channel", "on_behalf", "counts_in_statistics")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    # rated_by is left out: a citizen's account name is their phone number.
    fields = (
        "order",
        "round",
        "level",
        "comment",
        "channel",
        "on_behalf",
        "counts_in_statistics",
        "created_at",
    )
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(OrderRowsAdmin):
    list_display = ("created_at", "order", "status", "deadline_at", "overdue_at", "appeal_status")
    list_filter = ("status", "appeal_status", "deadline_is_provisional")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    fields = (
        "order",
        "evaluation",
        "status",
        "supervisor_region",
        "deadline_at",
        "deadline_is_provisional",
        "overdue_at",
        "findings",
        "rectification",
        "rectified_by",
        "rectified_at",
        "verified_by",
        "verified_at",
        "verification_note",
        "appeal_status",
        "appeal_reason",
        "appealed_by",
        "appealed_at",
        "appeal_decision_note",
        "appeal_decided_by",
        "appeal_decided_at",
        "created_at",
    )
    readonly_fields = fields
