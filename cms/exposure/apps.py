from django.apps import AppConfig


class ExposureConfig(AppConfig):
    name = "cms.exposure"
    label = "exposure"
    verbose_name = "失信曝光"

    def ready(self):
        # The exposure list is one of the targets that objections and repair
        # requests (cms.credit_requests) can be filed against.
        from cms.credit_requests.targets import register_target

        from .request_target import ExposureRequestTarget

        register_target(ExposureRequestTarget())

        from wagtail.signals import page_published

        from .models import ExposureListPage
        from .moderation import approve_pending_entries

        page_published.connect(
            approve_pending_entries, sender=ExposureListPage, dispatch_uid="exposure-approve"
        )
