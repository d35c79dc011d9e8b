"""Admin forms of the exposure app: the entry form and the import upload form."""

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from cms.home.privacy import (
    InvalidIdNumber,
    InvalidPersonName,
    clean_person_name,
    contains_id_number,
    parse_id_number,
)
from cms.home.sensitive_pages import NeverEchoedInput, RedactingInput

from .models import ExposureListPage, SeverityPeriod
from .models.reference import period_bounds
from .status import change_status

ID_IN_TEXT_MESSAGE = "不能包含身份证号码（公示内容只能出现脱敏号码）"
# Changes to these reach the public only after review; status and its reason do not count.
REVIEWED_FIELDS = (
    "batch",
    "name",
    "id_number",
    "category",
    "severity",
    "key_area",
    "key_group",
    "behaviour",
    "legal_basis",
    "authority",
    "document_number",
    "decision_date",
    "end_date",
)


class ExposureEntryForm(WagtailAdminModelForm):
    """Staff type the full ID number; only its masked form, keyed hash and sealed 18th birthday
    are kept. A new or changed entry waits for the reviewer (pending_review)."""

    id_number = forms.CharField(
        label="身份证号码",
        required=False,
        max_length=30,
        widget=NeverEchoedInput(),
        help_text="只用于生成脱敏号码和密钥散列，系统不保存完整号码。修改已有记录时不填则保持不变。",
    )
    status_reason = forms.CharField(
        label="状态变更原因",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="更改状态时必填，记入状态变更记录和操作日志",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._original_status = self.instance.status if self.instance.pk else None
        self._parsed_id = None
        if not self.instance.pk:
            self.fields["id_number"].required = True
            if "status" in self.fields:
                self.fields["status"].disabled = True  # new entries start as 公示中

    def clean_name(self):
        try:
            return clean_person_name(self.cleaned_data.get("name", ""))
        except InvalidPersonName as exc:
            raise forms.ValidationError(exc.message) from None

    def _no_id_number(self, field):
        text = self.cleaned_data.get(field, "")
        if contains_id_number(text):
            raise forms.ValidationError(ID_IN_TEXT_MESSAGE)
        return text

    def clean_behaviour(self):
        return self._no_id_number("behaviour")

    def clean_legal_basis(self):
        return self._no_id_number("legal_basis")

    def clean_authority(self):
        return self._no_id_number("authority")

    def clean_document_number(self):
        return self._no_id_number("document_number")

    def clean_id_number(self):
        raw = self.cleaned_data.get("id_number", "")
        if not raw:
            return ""
        try:
            self._parsed_id = parse_id_number(raw, today=timezone.localdate())
        except InvalidIdNumber as exc:
            raise forms.ValidationError(exc.message) from None
        return ""  # never keep the number in cleaned_data

    def clean(self):
        cleaned = super().clean()
        decision, end, severity = (
            cleaned.get("decision_date"),
            cleaned.get("end_date"),
            cleaned.get("severity"),
        )
        if self._parsed_id is not None:
            # Set before the model's clean() runs, which re-checks the age on every change.
            self.instance.masked_id = self._parsed_id.masked
            self.instance.id_hash = self._parsed_id.keyed_hash
            self.instance.adult_from_sealed = self._parsed_id.sealed_adult_from
        if decision and end and severity:
            months = SeverityPeriod.objects.bounds().get(severity)
            if months:
                earliest, latest = period_bounds(decision, months)
                if not earliest <= end <= latest:
                    self.add_error(
                        "end_date",
                        f"按该严重程度的公示期限，截止日期应在{earliest:%Y-%m-%d}至{latest:%Y-%m-%d}之间",
                    )
        if self._status_changes(cleaned) and not cleaned.get("status_reason", "").strip():
            self.add_error("status_reason", "更改状态时请填写原因")
        return cleaned

    def _status_changes(self, cleaned):
        return self._original_status is not None and cleaned.get("status") not in (
            None,
            self._original_status,
        )

    def save(self, commit=True):
        entry = super().save(commit=False)
        new_status = entry.status
        changing = self._status_changes(self.cleaned_data)
        if changing:
            entry.status = self._original_status  # change_status records the move
        if not self.instance.pk or any(field in self.changed_data for field in REVIEWED_FIELDS):
            entry.pending_review = True
        if commit:
            entry.save()
            self.save_m2m()
            if changing:
                change_status(
                    [entry],
                    new_status,
                    reason=self.cleaned_data["status_reason"].strip(),
                    user=self.for_user,
                    source="admin",
                )
        return entry


class ImportUploadForm(forms.Form):
    batch = forms.ModelChoiceField(
        label="导入到批次", queryset=ExposureListPage.objects.order_by("-date", "-pk")
    )
    file = forms.FileField(label="名单文件", help_text="CSV（UTF-8或GB18030）或XLSX，第一行为表头")

    MAX_SIZE = 100 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError("文件不能超过100MB")
        return upload


class NameSearchForm(forms.Form):
    """按姓名查询 (GET). Digits are refused by the browser already, so a number typed here
    by mistake does not reach the URL (and the access log); the server refuses it too."""

    q = forms.CharField(
        label="姓名（须完整）",
        max_length=50,
        widget=RedactingInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "pattern": r"[^0-9０-９]*",
                "title": "请只填写姓名；查询本人请使用下方的“查询本人”",
            }
        ),
    )
    last4 = forms.CharField(
        label="身份证号码后4位（选填）",
        max_length=4,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "text", "autocomplete": "off", "pattern": "[0-9]{3}[0-9Xx]"}
        ),
    )


class SelfLookupForm(forms.Form):
    """查询本人 (POST): name and ID number; the number is never rendered back."""

    name = forms.CharField(
        label="本人姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    id_number = forms.CharField(label="本人身份证号码", max_length=30, widget=NeverEchoedInput())
