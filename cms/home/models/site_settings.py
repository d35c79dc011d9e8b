"""Site-wide settings editable in the admin (设置 → 网站页脚)."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from ..generations import Generation

# Every public page shows the footer: kept in Django's cache until the settings or an image change
# (HomeConfig.ready).
FOOTER = Generation("site-footer")


def forget_footer(sender, created=False, **kwargs):
    if not created:  # a row that did not exist cannot be in what is kept
        FOOTER.forget()


@register_setting(icon="site")
class SiteFooterSettings(BaseSiteSetting):
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    maintainer = models.CharField("管理维护", max_length=100, blank=True)
    site_code = models.CharField("网站标识码", max_length=20, blank=True)
    icp_record = models.CharField("ICP备案号", max_length=50, blank=True)
    public_security_record = models.CharField("公网安备号", max_length=50, blank=True)
    fault_report_phone = models.CharField("网站报障电话", max_length=30, blank=True)
    wechat_account_name = models.CharField(
        "微信公众号名称", max_length=50, blank=True, default="信用阳江"
    )
    wechat_qr_code = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="公众号二维码",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("sponsor"),
                FieldPanel("maintainer"),
                FieldPanel("site_code"),
                FieldPanel("icp_record"),
                FieldPanel("public_security_record"),
                FieldPanel("fault_report_phone"),
            ],
            heading="页脚信息",
        ),
        MultiFieldPanel(
            [FieldPanel("wechat_account_name"), FieldPanel("wechat_qr_code")], heading="微信公众号"
        ),
    ]

    class Meta:
        verbose_name = "网站页脚"

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        site = None if hasattr(request, attr_name) else Site.find_for_request(request)
        if site is not None:
            instance = FOOTER.cached(
                f"settings-of-site-{site.pk}",
                lambda: (
                    cls.base_queryset().select_related("wechat_qr_code").get_or_create(site=site)[0]
                ),
            )
            instance._request = request
            setattr(request, attr_name, instance)
        return super().for_request(request)
