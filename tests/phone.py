"""A phone-width browser page that records what a reader would notice going wrong."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


@dataclass
class PageProblems:
    """Console errors, failed responses (status ≥ 400) and requests to other hosts."""

    console: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    foreign: list = field(default_factory=list)

    def watch(self, page, host):
        page.on(
            "console",
            lambda msg: (
                msg.type == "error" and self.console.append(f"{msg.text} {msg.location.get('url')}")
            ),
        )
        page.on("pageerror", lambda exc: self.console.append(str(exc)))
        page.on(
            "response",
            lambda res: res.status >= 400 and self.failed.append(f"{res.status} {res.url}"),
        )
        page.on(
            "request",
            lambda req: urlsplit(req.url).hostname != host and self.foreign.append(req.url),
        )


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
