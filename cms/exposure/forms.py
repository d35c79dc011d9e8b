"""Admin forms of the exposure app: the entry form and the import upload form."""

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from cms.home.privacy import InvalidIdNumber, parse_id_number

from .models import ExposureListPage, SeverityPeriod
from .models.reference import period_bounds
from .status import change_status


class NeverEchoedInput(forms.TextInput):
    """A text input that never renders its value: a typed ID number is not sent back to the page."""

    def format_value(self, value):
        return None


class ExposureEntryForm(WagtailAdminModelForm):
    """Staff type the full ID number; only its masked form and keyed hash are kept."""

    id_number = forms.CharField(
        label="身份证号码",
        required=False,
        max_length=30,
        widget=NeverEchoedInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
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
        if self._parsed_id is not None and decision and self._parsed_id.is_minor_on(decision):
            self.add_error("id_number", "认定日期时未满18周岁，依法不予公示")
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
        if self._parsed_id is not None:
            entry.masked_id, entry.id_hash = self._parsed_id.masked, self._parsed_id.keyed_hash
        new_status = entry.status
        changing = self._status_changes(self.cleaned_data)
        if changing:
            entry.status = self._original_status  # change_status records the move
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
