"""Public forms. The ID number field is parsed into an IdNumber at once and is never rendered back."""

import re

from django import forms

from cms.home.privacy import (
    InvalidIdNumber,
    InvalidPersonName,
    clean_person_name,
    contains_id_number,
    normalize_text,
    parse_id_number,
)
from cms.home.sensitive_pages import NeverEchoedInput, RedactingInput, RedactingTextarea

from . import evidence
from .choices import KIND_CHOICES
from .targets import THIRD_PARTY_OBJECTION
from .tracking import normalize_tracking_number

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_phone(raw: str) -> str:
    text = normalize_text(raw).strip()
    text = re.sub(r"[\s()（）]", "", text)
    text = re.sub(r"^(\+86|0086)", "", text)
    return text


class IdentifyForm(forms.Form):
    name = forms.CharField(
        label="姓名",
        max_length=50,
        widget=RedactingInput(),
        error_messages={"required": "请填写姓名"},
    )
    id_number = forms.CharField(
        label="身份证号码",
        max_length=40,
        widget=NeverEchoedInput(attrs={"inputmode": "text"}),
        error_messages={"required": "请填写身份证号码"},
    )

    def clean_name(self):
        try:
            return clean_person_name(self.cleaned_data["name"])
        except InvalidPersonName as error:
            raise forms.ValidationError(error.message) from None

    def clean_id_number(self):
        try:
            return parse_id_number(self.cleaned_data["id_number"])
        except InvalidIdNumber as error:
            # error.message names the problem, never the number.
            raise forms.ValidationError(error.message) from None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = [super(EvidenceField, self).clean(item, initial) for item in files]
        evidence.check_uploads(cleaned)
        return cleaned


class RequestForm(forms.Form):
    record = forms.ChoiceField(
        label="申请针对的记录",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请针对的记录", "invalid_choice": "请选择列出的记录"},
    )
    kind = forms.ChoiceField(
        label="申请类型",
        # 公示异议 has its own form (ThirdPartyObjectionForm): it asks no ID number.
        choices=[(k, label) for k, label in KIND_CHOICES if k != THIRD_PARTY_OBJECTION],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请类型", "invalid_choice": "请选择异议或信用修复"},
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        help_text="手机号码或固定电话（如 0662-3312345）",
        error_messages={"required": "请填写联系电话"},
    )
    reason = forms.CharField(
        label="申请理由",
        max_length=2000,
        widget=RedactingTextarea(attrs={"rows": 6}),
        error_messages={"required": "请填写申请理由", "max_length": "申请理由请控制在2000字以内"},
    )
    evidence = EvidenceField(
        label="证明材料",
        required=False,
        help_text=f"PDF、JPG或PNG，每个不超过10 MB，最多{evidence.MAX_FILES}个",
        widget=MultipleFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {record_choice_value(r): r for r in records}
        self.fields["record"].choices = [(value, r.summary) for value, r in self.records.items()]
        if len(self.records) == 1:
            self.fields["record"].initial = next(iter(self.records))

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
            raise forms.ValidationError("请填写有效的手机号码（11位）或固定电话（区号-号码）")
        return phone

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if contains_id_number(reason):
            # The reason is kept and shown to staff; the number is already verified in step 1.
            raise forms.ValidationError(
                "申请理由中请不要填写身份证号码（身份已在第一步核验），请删除后重新提交"
            )
        return reason

    def clean_record(self):
        return self.records[self.cleaned_data["record"]]


class ThirdPartyObjectionForm(forms.Form):
    """公示异议: named, with a phone number, a reason and optional evidence; no ID number."""

    # Any record id is accepted here: whether it may still be objected to is the target's call
    # (services.file_third_party_objection), so a closed window gets its own clear message.
    record = forms.IntegerField(
        label="异议对象",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择异议对象", "invalid": "请选择列出的异议对象"},
    )
    name = forms.CharField(
        label="您的姓名",
        max_length=50,
        widget=RedactingInput(),
        error_messages={"required": "请填写您的姓名"},
    )
    phone = RequestForm.base_fields["phone"]
    reason = forms.CharField(
        label="异议理由",
        max_length=2000,
        widget=RedactingTextarea(attrs={"rows": 6}),
        help_text="请写明事实和依据，如人选的事迹与实际不符的具体情况",
        error_messages={"required": "请填写异议理由", "max_length": "异议理由请控制在2000字以内"},
    )
    evidence = RequestForm.base_fields["evidence"]

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = list(records)
        self.fields["record"].widget.choices = [(r.record_id, r.summary) for r in self.records]
        if len(self.records) == 1:
            self.fields["record"].initial = self.records[0].record_id

    clean_phone = RequestForm.clean_phone
    clean_name = IdentifyForm.clean_name

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if contains_id_number(reason):
            raise forms.ValidationError("异议理由中请不要填写身份证号码，请删除后重新提交")
        return reason


def record_choice_value(record) -> str:
    return f"{record.target_key}:{record.record_id}"


class StatusForm(forms.Form):
    tracking_number = forms.CharField(
        label="查询编号", max_length=40, error_messages={"required": "请填写查询编号"}
    )
    id_last4 = forms.CharField(
        label="身份证号码后4位",
        help_text="公示异议请填写提交时所留联系电话的后4位",
        max_length=8,
        widget=NeverEchoedInput(),
        error_messages={"required": "请填写身份证号码后4位"},
    )

    def clean_tracking_number(self):
        return normalize_tracking_number(self.cleaned_data["tracking_number"])

    def clean_id_last4(self):
        return normalize_text(self.cleaned_data["id_last4"]).strip().upper()
