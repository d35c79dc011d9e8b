"""Forms of the honor roll: public filters, the admin page form, the honoree form, withdrawal."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from wagtail.admin.forms import WagtailAdminModelForm

from cms.credit_requests import evidence
from cms.home.forms import PinyinSlugPageForm

from .models.reference import HonorCategory, Town

PUBLISH_ACTIONS = ("action-publish", "action-submit")


class HonorRollFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    category = forms.ModelChoiceField(
        label="类别", queryset=HonorCategory.objects.all(), required=False, empty_label="全部类别"
    )
    town = forms.ModelChoiceField(
        label="镇街", queryset=Town.objects.all(), required=False, empty_label="全部镇街"
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度")] + [(y, f"{y}年") for y in years]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "请从列表中选择"


class HonorRollPageForm(PinyinSlugPageForm):
    """Publishing or submitting a list for review needs every honoree's written consent."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and any(action in self.data for action in PUBLISH_ACTIONS):
            waiting = [h.name for h in self.instance.specific.honorees_awaiting_consent()]
            if waiting:
                raise forms.ValidationError(
                    "以下人选尚未登记本人书面同意（同意人、同意日期、同意方式和同意书扫描件），"
                    f"不能发布或提交审核：{'、'.join(waiting)}。"
                    "请先在“入选人物”中补全同意记录，或将其移出本榜单。"
                )
        return cleaned_data


class HonoreeForm(WagtailAdminModelForm):
    """The consent scan is checked by content like request evidence and never linked publicly."""

    consent_scan = forms.FileField(
        label="同意书扫描件",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text="PDF、JPG或PNG，不超过10 MB。仅有权限的工作人员可在后台下载。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.consent_scan:
            self.fields["consent_scan"].help_text = (
                "已上传同意书扫描件；重新选择文件将替换原件。"
                + self.fields["consent_scan"].help_text
            )

    def clean_consent_scan(self):
        upload = self.cleaned_data.get("consent_scan")
        if isinstance(upload, UploadedFile):
            self.instance.consent_scan_type = evidence.detect_content_type(upload)
        return upload

    def clean(self):
        cleaned_data = super().clean()
        given = [
            cleaned_data.get(f) for f in ("consent_given_by", "consent_given_on", "consent_method")
        ]
        if any(given) and not all(given):
            raise forms.ValidationError("同意人、同意日期和同意方式需一并填写。")
        return cleaned_data


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label="撤回说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="如：本人于某日来电要求撤回，已核实身份",
        error_messages={"required": "请填写撤回说明（何时、以何种方式提出撤回）"},
    )
