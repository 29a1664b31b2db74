"""The back office's review of content translations: provincial administrators list them by language,
state and content type, correct the text and mark it reviewed (reviewer and date from the signed-in
user), each change through `translation_save` and so in the audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from fawang.core.errors import DomainError, ValidationFailed

from .enums import TranslationState
from .interface import interface_report
from .models import ContentTranslation
from .selectors import translations_report
from .services import translation_can_review, translation_review, translation_save, translation_validate


class ContentTranslationForm(forms.ModelForm):
    mark_reviewed = forms.BooleanField(
        label=_("I have reviewed this translation"),
        required=False,
        help_text=_("Records you as the reviewer, with today's date."),
    )

    class Meta:
        model = ContentTranslation
        fields = ("content", "object_key", "field", "language", "text")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = {f: data.get(f, getattr(self.instance, f, "")) or "" for f in self.Meta.fields}
        try:
            translation_validate(
                content=values["content"],
                object_key=values["object_key"],
                field=values["field"],
                language=values["language"],
                text=values["text"],
            )
        except ValidationFailed as exc:
            for error in exc.errors:
                name = error.field if error.field in self.fields else None
                self.add_error(name, str(error.message))
        return data


@admin.register(ContentTranslation)
class ContentTranslationAdmin(admin.ModelAdmin):
    form = ContentTranslationForm
    list_display = (
        "content",
        "object_key",
        "field",
        "language",
        "short_text",
        "state",
        "reviewer",
        "reviewed_at",
    )
    list_filter = ("language", "state", "content")
    search_fields = ("object_key", "text", "source_text")
    readonly_fields = ("source_text", "state", "edited_by", "reviewer", "reviewed_at", "updated_at")
    actions = ["mark_reviewed"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None:  # what is translated stays; only its text and review change
            return ("content", "object_key", "field", "language", *self.readonly_fields)
        return self.readonly_fields

    @admin.display(description=_("translation"))
    def short_text(self, obj: ContentTranslation) -> str:
        return obj.text if len(obj.text) <= 60 else obj.text[:59] + "…"

    def get_urls(self) -> list[URLPattern]:
        report = path(
            "report/",
            self.admin_site.admin_view(self.report_view),
            name="translations_contenttranslation_report",
        )
        return [report, *super().get_urls()]

    def report_view(self, request: HttpRequest) -> HttpResponse:
        """What is missing or unreviewed, per language: every registered kind of content (service items,
        clocks and legal bases, life events, notices, timeline and stage labels) and the interface text a
        Tibetan or Yi reader still gets in Chinese (routing reasons, the back office, the rest)."""
        if not translation_can_review(request.user):
            raise PermissionDenied
        content = translations_report()
        return TemplateResponse(
            request,
            "admin/translations/contenttranslation/report.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Translation report"),
                "content_rows": content,
                "interface_rows": interface_report(),
                "machine": TranslationState.MACHINE,
                "details": request.GET.get("details") == "1",
            },
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return translation_can_review(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return translation_can_review(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return translation_can_review(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return translation_can_review(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a wrong translation is corrected, not removed (the page would fall back silently)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        obj = form.save(commit=False)
        obj._mark_reviewed = form.cleaned_data.get("mark_reviewed", False)
        return obj

    def save_model(self, request: HttpRequest, obj: ContentTranslation, form: Any, change: bool) -> None:
        translation_save(
            actor=request.user, translation=obj, mark_reviewed=getattr(obj, "_mark_reviewed", False)
        )

    @admin.action(description=_("Mark the selected translations reviewed by me"))
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[ContentTranslation]) -> None:
        done = 0
        for obj in queryset:
            try:
                translation_review(actor=request.user, translation=obj)
                done += 1
            except DomainError as exc:
                messages.error(request, f"{obj}: {exc.message}")
        messages.success(request, _("%(n)d translations marked reviewed.") % {"n": done})
