"""The one signal that says "this left the public".

Content apps send it when something stops being public for a reason other
than an ordinary unpublish: withdrawn, repaired, expired, consent withdrawn.
Channels (cache purge, search index, WeChat) listen; content apps never
import a channel.

    content_left_public.send(
        sender=ExposureEntry,        # the model class
        instances=[entry, ...],      # the objects that left
        reason="expired",            # one of LEFT_PUBLIC_REASONS
    )
"""

from django.dispatch import Signal

LEFT_PUBLIC_REASONS = {
    "withdrawn": "撤回",
    "corrected": "更正",
    "repaired": "信用修复",
    "expired": "公示期满",
    "consent_withdrawn": "撤回同意",
    "unpublished": "取消发布",
}

content_left_public = Signal()
