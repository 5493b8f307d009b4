"""Why a page or a site could not be turned into articles.

Each carries a one-line message that names the input, so the CLI can print it as is.
"""


class ScrapeError(Exception):
    """Base of every scraping failure that is the input's fault, not a bug."""


class NotAnArticle(ScrapeError):
    """The page is a listing, a feed, a redirect stub or boilerplate only."""


class BlockedPage(ScrapeError):
    """The site answered with a block, captcha or WAF page instead of content."""


class FetchError(ScrapeError):
    """The page could not be fetched (after the retries the politeness policy allows)."""


class ProfileError(ScrapeError):
    """A site profile file is malformed; the message names the file and the field."""
